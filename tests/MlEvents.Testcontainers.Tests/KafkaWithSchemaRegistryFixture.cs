using DotNet.Testcontainers.Builders;
using DotNet.Testcontainers.Containers;
using DotNet.Testcontainers.Networks;
using Testcontainers.Kafka;

namespace MlEvents.Testcontainers.Tests;

/// <summary>
/// A real Kafka broker (KRaft) and a Confluent Schema Registry on one Docker network, started once per
/// collection; nothing starts when Docker is unavailable (the <see cref="DockerFactAttribute"/> tests skip).
/// </summary>
public sealed class KafkaWithSchemaRegistryFixture : IAsyncLifetime
{
    public const string ConfluentPlatformVersion = "8.0.0";
    private const string KafkaNetworkAlias = "kafka";
    private const string KafkaNetworkListener = KafkaNetworkAlias + ":19092";
    private const ushort SchemaRegistryPort = 8081;

    private INetwork? network;
    private KafkaContainer? kafka;
    private IContainer? schemaRegistry;

    /// <summary>Bootstrap address for clients on the test host.</summary>
    public string BootstrapServers => Started(kafka).GetBootstrapAddress();

    /// <summary>Bootstrap address for containers on the fixture's network (e.g. a worker container).</summary>
    public static string NetworkBootstrapServers => KafkaNetworkListener;

    public INetwork Network => Started(network);

    public Uri SchemaRegistryUrl
    {
        get
        {
            var registry = Started(schemaRegistry);
            return new Uri($"http://{registry.Hostname}:{registry.GetMappedPublicPort(SchemaRegistryPort)}");
        }
    }

    public async Task InitializeAsync()
    {
        if (DockerEngine.UnavailableReason is not null)
        {
            return;
        }
        network = new NetworkBuilder().Build();
        kafka = new KafkaBuilder($"confluentinc/cp-kafka:{ConfluentPlatformVersion}")
            .WithKRaft()
            .WithNetwork(network)
            .WithNetworkAliases(KafkaNetworkAlias)
            .WithListener(KafkaNetworkListener)
            .Build();
        schemaRegistry = new ContainerBuilder($"confluentinc/cp-schema-registry:{ConfluentPlatformVersion}")
            .WithNetwork(network)
            .WithNetworkAliases("schema-registry")
            .WithPortBinding(SchemaRegistryPort, assignRandomHostPort: true)
            .WithEnvironment("SCHEMA_REGISTRY_HOST_NAME", "schema-registry")
            .WithEnvironment("SCHEMA_REGISTRY_LISTENERS", $"http://0.0.0.0:{SchemaRegistryPort}")
            .WithEnvironment("SCHEMA_REGISTRY_KAFKASTORE_BOOTSTRAP_SERVERS", $"PLAINTEXT://{KafkaNetworkListener}")
            .WithWaitStrategy(Wait.ForUnixContainer()
                .UntilHttpRequestIsSucceeded(request => request.ForPort(SchemaRegistryPort).ForPath("/subjects")))
            .DependsOn(kafka)
            .Build();

        await network.CreateAsync();
        await kafka.StartAsync();
        await schemaRegistry.StartAsync();
    }

    public async Task DisposeAsync()
    {
        if (schemaRegistry is not null)
        {
            await schemaRegistry.DisposeAsync();
        }
        if (kafka is not null)
        {
            await kafka.DisposeAsync();
        }
        if (network is not null)
        {
            await network.DisposeAsync();
        }
    }

    private static T Started<T>(T? resource) where T : class =>
        resource ?? throw new InvalidOperationException(
            $"The Docker fixture did not start: {DockerEngine.UnavailableReason ?? "InitializeAsync has not run"}");
}
