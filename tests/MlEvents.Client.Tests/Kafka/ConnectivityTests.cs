using Confluent.Kafka;
using MlEvents.Client;
using MlEvents.Client.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using MlEvents.Embedded;
using Xunit.Abstractions;

namespace MlEvents.Client.Tests.Kafka;

/// <summary>The start-up check fails fast with librdkafka's own error, which names the address and tells the cases apart.</summary>
[Collection(EmbeddedBackendCollection.Name)]
public sealed class ConnectivityTests(EmbeddedBackend backend, ITestOutputHelper output)
{
    [Fact]
    public async Task A_reachable_Kafka_and_registry_pass_the_check()
    {
        await using var publisher = MlEventsPublisher.Create(backend.PublisherOptions(backend.NewTopic()));

        await publisher.CheckConnectivityAsync();
    }

    [Fact]
    public async Task A_refused_port_fails_fast_naming_the_address_and_the_refusal()
    {
        var options = backend.PublisherOptions("events");
        options.BootstrapServers = "127.0.0.1:1";
        await using var publisher = MlEventsPublisher.Create(options);

        var started = DateTime.UtcNow;
        var error = await Assert.ThrowsAsync<ConnectivityException>(() => publisher.CheckConnectivityAsync());
        output.WriteLine(error.Message);

        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(5), $"took {DateTime.UtcNow - started}");
        Assert.Equal("Kafka", error.Component);
        Assert.Contains("127.0.0.1:1", error.Message);
        Assert.Contains("refused", error.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(ErrorCode.Local_Transport, error.KafkaError?.Code);
    }

    [Fact]
    public async Task An_unresolvable_host_fails_fast_and_says_it_could_not_be_resolved()
    {
        var options = backend.PublisherOptions("events");
        options.BootstrapServers = "no-such-broker.invalid:9092";
        await using var publisher = MlEventsPublisher.Create(options);

        var error = await Assert.ThrowsAsync<ConnectivityException>(() => publisher.CheckConnectivityAsync());
        output.WriteLine(error.Message);

        Assert.Contains("no-such-broker.invalid:9092", error.Message);
        Assert.Contains("resolve", error.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(ErrorCode.Local_Resolve, error.KafkaError?.Code);
    }

    [Fact]
    public async Task A_security_protocol_the_broker_does_not_speak_fails_with_the_authentication_error()
    {
        var options = backend.PublisherOptions("events");
        options.KafkaSettings["security.protocol"] = "sasl_plaintext";
        options.KafkaSettings["sasl.mechanism"] = "PLAIN";
        options.KafkaSettings["sasl.username"] = "trainer";
        options.KafkaSettings["sasl.password"] = "wrong";
        await using var publisher = MlEventsPublisher.Create(options);

        var error = await Assert.ThrowsAsync<ConnectivityException>(() => publisher.CheckConnectivityAsync());
        output.WriteLine(error.Message);

        Assert.Equal("Kafka", error.Component);
        Assert.Contains(backend.Cluster.BootstrapServers.Split(',')[0], error.Message);
        Assert.Contains("SASL", error.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_registry_refusing_the_credentials_fails_the_check_with_its_answer()
    {
        await using var registry = await EmbeddedSchemaRegistry.StartNewAsync(new() { BasicAuthUserInfo = "u:p" });
        var options = EmbeddedBackend.Options(backend.Cluster, registry.Url, "events");
        options.SchemaRegistry.BasicAuthUserInfo = "u:wrong";
        await using var publisher = MlEventsPublisher.Create(options);

        var error = await Assert.ThrowsAsync<ConnectivityException>(() => publisher.CheckConnectivityAsync());
        output.WriteLine(error.Message);

        Assert.Equal(("Schema Registry", registry.Url), (error.Component, error.Address));
        Assert.Contains("401", error.Message);
    }

    [Fact]
    public async Task A_delivery_timeout_says_why_the_broker_could_not_be_reached()
    {
        var options = backend.PublisherOptions("events");
        options.BootstrapServers = "127.0.0.1:1";
        options.DeliveryTimeout = TimeSpan.FromSeconds(1.5);
        await using var publisher = MlEventsPublisher.Create(options);

        var error = await Assert.ThrowsAsync<PublishException>(() => publisher.SetStageAsync("churn", "1", ModelStage.Production));
        output.WriteLine(error.Message);

        Assert.Equal(ErrorCode.Local_MsgTimedOut, error.KafkaError?.Code);
        Assert.Contains("127.0.0.1:1", error.Message);
        Assert.Contains("refused", error.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task With_CheckConnectivityOnStart_a_host_with_a_wrong_broker_fails_to_start_with_the_reason()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddMlEventsPublisher(o =>
        {
            o.BootstrapServers = "127.0.0.1:1";
            o.SchemaRegistryUrl = backend.Registry.Url;
            o.Platform = "mlflow";
            o.CheckConnectivityOnStart = true;
        });
        using var host = builder.Build();

        var error = await Assert.ThrowsAsync<ConnectivityException>(() => host.StartAsync());

        Assert.Contains("127.0.0.1:1", error.Message);
        Assert.Contains("Connection refused", error.Message);
    }
}
