using System.Diagnostics;
using System.Net;

namespace MlEvents.SchemaRegistry.Tests;

public sealed class ResilienceTests
{
    [Fact]
    public async Task Retries_503_then_succeeds()
    {
        await using var registry = await Registry.StartAsync();
        registry.FailNextRequests(2);
        var handler = new CountingHandler();
        using var client = Registry.Client(registry.Url, handler, maxRetries: 2);

        Assert.True(await client.RegisterSchemaAsync("t-value", Schema.Avro(TestSchemas.V1)) > 0);
        Assert.Equal(3, handler.Count);
    }

    [Fact]
    public async Task Retries_429()
    {
        await using var registry = await Registry.StartAsync();
        registry.FailNextRequests(1, HttpStatusCode.TooManyRequests);
        var handler = new CountingHandler();
        using var client = Registry.Client(registry.Url, handler, maxRetries: 1);

        await client.GetAllSubjectsAsync();
        Assert.Equal(2, handler.Count);
    }

    [Fact]
    public async Task Unavailable_registry_gives_a_transient_error_after_all_retries()
    {
        await using var registry = await Registry.StartAsync();
        registry.SetAvailable(false);
        var handler = new CountingHandler();
        using var client = Registry.Client(registry.Url, handler, maxRetries: 2);

        var e = await Assert.ThrowsAsync<SchemaRegistryUnavailableException>(() => client.GetSchemaAsync(1));

        Assert.True(e.IsTransient);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, e.Status);
        Assert.Equal(3, handler.Count);
        Assert.True(SchemaRegistryErrors.IsTransient(new InvalidOperationException("wrapped", e)));

        registry.SetAvailable(true);
        registry.Register("t-value", TestSchemas.V1);
        Assert.NotNull(await client.GetSchemaAsync(1)); // the failure was not cached
    }

    [Fact]
    public async Task Connection_refused_is_transient()
    {
        var registry = await Registry.StartAsync();
        var url = registry.Url;
        await registry.DisposeAsync();
        using var client = Registry.Client(url, maxRetries: 1);

        var e = await Assert.ThrowsAsync<SchemaRegistryUnavailableException>(() => client.GetSchemaAsync(1));
        Assert.Null(e.Status);
        Assert.True(SchemaRegistryErrors.IsTransient(e));
    }

    [Fact]
    public async Task Client_errors_are_not_retried()
    {
        await using var registry = await Registry.StartAsync();
        var handler = new CountingHandler();
        using var client = Registry.Client(registry.Url, handler, maxRetries: 3);

        var e = await Assert.ThrowsAsync<SchemaRegistryException>(() => client.GetSchemaAsync(5));
        Assert.Equal(1, handler.Count);
        Assert.False(SchemaRegistryErrors.IsTransient(e));
        Assert.False(SchemaRegistryErrors.IsTransient(new InvalidDataException("bad bytes")));
    }

    [Fact]
    public async Task Request_timeout_is_transient()
    {
        await using var registry = await Registry.StartAsync();
        registry.Latency = TimeSpan.FromSeconds(2);
        var config = Registry.Config(registry.Url, maxRetries: 0);
        config.RequestTimeoutMs = 100;
        using var client = new CachedSchemaRegistryClient(config);

        var e = await Assert.ThrowsAsync<SchemaRegistryUnavailableException>(() => client.GetAllSubjectsAsync());
        Assert.Contains("timed out", e.Message);
    }

    [Fact]
    public async Task Cancellation_is_honoured_promptly()
    {
        await using var registry = await Registry.StartAsync();
        registry.Latency = TimeSpan.FromSeconds(3);
        using var client = Registry.Client(registry.Url);
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));
        var watch = Stopwatch.StartNew();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.GetSchemaAsync(1, cts.Token));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.GetAllSubjectsAsync(cts.Token));
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(2), $"took {watch.Elapsed}");
    }
}
