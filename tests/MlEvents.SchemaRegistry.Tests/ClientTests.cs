using System.Net;
using Avro;
using Microsoft.Extensions.Time.Testing;

namespace MlEvents.SchemaRegistry.Tests;

public sealed class ClientTests
{
    [Fact]
    public async Task Register_is_idempotent_and_ids_are_global_and_increasing()
    {
        await using var registry = await Registry.StartAsync();
        using var client = Registry.Client(registry.Url);

        var v1 = await client.RegisterSchemaAsync("a-value", Schema.Avro(TestSchemas.V1));
        var v1Again = await client.RegisterSchemaAsync("a-value", Schema.Avro(TestSchemas.V1.Replace("\n", " ")));
        var v2 = await client.RegisterSchemaAsync("a-value", Schema.Avro(TestSchemas.V2));
        var v1OtherSubject = await client.RegisterSchemaAsync("b-value", Schema.Avro(TestSchemas.V1));

        Assert.Equal(v1, v1Again);
        Assert.True(v2 > v1);
        Assert.Equal(v1, v1OtherSubject); // same schema, same global id
    }

    [Fact]
    public async Task Lookup_get_by_id_latest_versions_and_subjects()
    {
        await using var registry = await Registry.StartAsync();
        using var client = Registry.Client(registry.Url);
        var id1 = await client.RegisterSchemaAsync("t-value", Schema.Avro(TestSchemas.V1));
        var id2 = await client.RegisterSchemaAsync("t-value", Schema.Avro(TestSchemas.V2));

        Assert.Equal(id1, await client.GetSchemaIdAsync("t-value", Schema.Avro(TestSchemas.V1)));
        var looked = await client.LookupSchemaAsync("t-value", Schema.Avro(TestSchemas.V2));
        Assert.Equal((id2, 2, "t-value"), (looked.Id, looked.Version, looked.Subject));

        var byId = await client.GetSchemaAsync(id1);
        Assert.Equal(Canonical(TestSchemas.V1), Canonical(byId.SchemaString));

        var latest = await client.GetLatestSchemaAsync("t-value");
        Assert.Equal((id2, 2), (latest.Id, latest.Version));
        Assert.Equal(Canonical(TestSchemas.V2), Canonical(latest.SchemaString));

        var first = await client.GetRegisteredSchemaAsync("t-value", 1);
        Assert.Equal(id1, first.Id);
        Assert.Equal([1, 2], await client.GetSubjectVersionsAsync("t-value"));
        Assert.Equal(["t-value"], await client.GetAllSubjectsAsync());
    }

    [Fact]
    public async Task Not_found_answers_are_permanent_with_confluent_error_codes()
    {
        await using var registry = await Registry.StartAsync();
        using var client = Registry.Client(registry.Url);
        await client.RegisterSchemaAsync("t-value", Schema.Avro(TestSchemas.V1));

        var noSubject = await Assert.ThrowsAsync<SchemaRegistryException>(() => client.GetSchemaIdAsync("nope-value", Schema.Avro(TestSchemas.V1)));
        var noSchema = await Assert.ThrowsAsync<SchemaRegistryException>(() => client.GetSchemaIdAsync("t-value", Schema.Avro(TestSchemas.Other)));
        var noId = await Assert.ThrowsAsync<SchemaRegistryException>(() => client.GetSchemaAsync(999));
        var noVersion = await Assert.ThrowsAsync<SchemaRegistryException>(() => client.GetRegisteredSchemaAsync("t-value", 7));
        var invalid = await Assert.ThrowsAsync<SchemaRegistryException>(() => client.RegisterSchemaAsync("t-value", Schema.Avro("{\"type\":\"record\"}")));

        Assert.Equal(SchemaRegistryErrorCodes.SubjectNotFound, noSubject.ErrorCode);
        Assert.Equal(SchemaRegistryErrorCodes.SchemaNotFound, noSchema.ErrorCode);
        Assert.Equal((HttpStatusCode.NotFound, SchemaRegistryErrorCodes.SchemaNotFound), (noId.Status!.Value, noId.ErrorCode));
        Assert.Equal(SchemaRegistryErrorCodes.VersionNotFound, noVersion.ErrorCode);
        Assert.Equal((HttpStatusCode.UnprocessableEntity, SchemaRegistryErrorCodes.InvalidSchema), (invalid.Status!.Value, invalid.ErrorCode));
        Assert.All(new[] { noSubject, noSchema, noId, noVersion, invalid }, e =>
        {
            Assert.False(e.IsTransient);
            Assert.IsNotType<SchemaRegistryUnavailableException>(e);
        });
    }

    [Fact]
    public async Task Caches_answer_repeated_calls_without_http()
    {
        await using var registry = await Registry.StartAsync();
        var handler = new CountingHandler();
        using var client = Registry.Client(registry.Url, handler);

        var id = await client.RegisterSchemaAsync("t-value", Schema.Avro(TestSchemas.V1));
        await client.RegisterSchemaAsync("t-value", Schema.Avro(TestSchemas.V1));
        await client.GetSchemaIdAsync("t-value", Schema.Avro(TestSchemas.V1)); // register and lookup share the id cache
        await client.GetSchemaAsync(id);
        await client.GetSchemaAsync(id);
        await client.GetLatestSchemaAsync("t-value");
        await client.GetLatestSchemaAsync("t-value");

        Assert.Equal(["POST /subjects/t-value/versions", $"GET /schemas/ids/{id}", "GET /subjects/t-value/versions/latest"], handler.Requests);
    }

    [Fact]
    public async Task Concurrent_identical_misses_share_one_http_call()
    {
        await using var registry = await Registry.StartAsync();
        var id = registry.Register("t-value", TestSchemas.V1);
        registry.Latency = TimeSpan.FromMilliseconds(200);
        var handler = new CountingHandler();
        using var client = Registry.Client(registry.Url, handler);

        var schemas = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => Task.Run(() => client.GetSchemaAsync(id))));

        Assert.Equal(1, handler.Count);
        Assert.All(schemas, s => Assert.Equal(Canonical(TestSchemas.V1), Canonical(s.SchemaString)));
    }

    [Fact]
    public async Task Latest_cache_expires_after_its_ttl()
    {
        await using var registry = await Registry.StartAsync();
        registry.Register("t-value", TestSchemas.V1);
        var config = Registry.Config(registry.Url);
        config.LatestCacheTtlSecs = 60;
        var clock = new FakeTimeProvider();
        using var client = new CachedSchemaRegistryClient(config, timeProvider: clock);

        Assert.Equal(1, (await client.GetLatestSchemaAsync("t-value")).Version);
        registry.Register("t-value", TestSchemas.V2);
        clock.Advance(TimeSpan.FromSeconds(59));
        Assert.Equal(1, (await client.GetLatestSchemaAsync("t-value")).Version);
        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(2, (await client.GetLatestSchemaAsync("t-value")).Version);
    }

    [Fact]
    public async Task Basic_auth_is_sent_and_wrong_credentials_are_a_permanent_401()
    {
        await using var registry = await Registry.StartAsync(new() { BasicAuthUserInfo = "svc:s3cret" });
        var good = Registry.Config(registry.Url);
        good.BasicAuthCredentialsSource = AuthCredentialsSource.UserInfo;
        good.BasicAuthUserInfo = "svc:s3cret";
        var bad = Registry.Config(registry.Url);
        bad.BasicAuthUserInfo = "svc:wrong";
        using var goodClient = new CachedSchemaRegistryClient(good);
        using var badClient = new CachedSchemaRegistryClient(bad);
        using var anonymous = Registry.Client(registry.Url);

        Assert.True(await goodClient.RegisterSchemaAsync("t-value", Schema.Avro(TestSchemas.V1)) > 0);
        var wrong = await Assert.ThrowsAsync<SchemaRegistryException>(() => badClient.GetAllSubjectsAsync());
        var none = await Assert.ThrowsAsync<SchemaRegistryException>(() => anonymous.GetAllSubjectsAsync());

        Assert.Equal((HttpStatusCode.Unauthorized, 40101, false), (wrong.Status!.Value, wrong.ErrorCode, wrong.IsTransient));
        Assert.Equal(HttpStatusCode.Unauthorized, none.Status);
        Assert.DoesNotContain("s3cret", good.ToString());
        Assert.Contains("***", good.ToString());
    }

    [Fact]
    public async Task Fails_over_to_the_next_url_when_the_first_is_unreachable()
    {
        await using var registry = await Registry.StartAsync();
        await using var dead = await Registry.StartAsync();
        var deadUrl = dead.Url;
        await dead.StopAsync();
        using var client = Registry.Client($"{deadUrl}, {registry.Url}", maxRetries: 0);

        Assert.True(await client.RegisterSchemaAsync("t-value", Schema.Avro(TestSchemas.V1)) > 0);
    }

    [Fact]
    public async Task Works_under_a_path_base_like_datahub_gms()
    {
        await using var registry = await Registry.StartAsync(new() { PathBase = "/schema-registry/api" });
        Assert.EndsWith("/schema-registry/api", registry.Url);
        using var client = Registry.Client(registry.Url);

        var id = await client.RegisterSchemaAsync("t-value", Schema.Avro(TestSchemas.V1));
        Assert.Equal(Canonical(TestSchemas.V1), Canonical((await client.GetSchemaAsync(id)).SchemaString));
    }

    internal static string Canonical(string schema) => SchemaNormalization.ToParsingForm(Avro.Schema.Parse(schema));
}
