using MlEvents.Embedded;

namespace MlEvents.DevHost.Embedded;

/// <summary>
/// Kafka and a schema registry inside this process: librdkafka's mock cluster (<see cref="EmbeddedKafkaCluster"/>) with the
/// worker's three topics created, an <see cref="EmbeddedSchemaRegistry"/> on 127.0.0.1 and, when
/// <see cref="EmbeddedEnvironmentOptions.GmsPort"/> is set, a DataHub GMS stand-in (<see cref="EmbeddedGms"/>) for REST ingestion.
/// Other processes can connect to all of them. Everything stops when this object is disposed.
/// </summary>
public sealed class EmbeddedEnvironment : IAsyncDisposable
{
    private EmbeddedEnvironment(EmbeddedEnvironmentOptions options, EmbeddedKafkaCluster cluster, EmbeddedSchemaRegistry registry, EmbeddedGms? gms)
    {
        Options = options;
        Cluster = cluster;
        Registry = registry;
        Gms = gms;
    }

    public EmbeddedEnvironmentOptions Options { get; }

    public EmbeddedKafkaCluster Cluster { get; }

    public EmbeddedSchemaRegistry Registry { get; }

    /// <summary>The GMS stand-in, or null when <see cref="EmbeddedEnvironmentOptions.GmsPort"/> is not set.</summary>
    public EmbeddedGms? Gms { get; }

    public string BootstrapServers => Cluster.BootstrapServers;

    public string SchemaRegistryUrl => Registry.Url;

    public IReadOnlyList<string> Topics => [Options.EventsTopic, Options.McpTopic, Options.DeadLetterTopic];

    /// <summary>
    /// The worker's settings for this environment (configuration keys): brokers, registry, topics, and the KIP-848 group
    /// protocol, because the mock cluster holds classic rebalances for <c>session.timeout.ms</c> − 1 s.
    /// </summary>
    public IReadOnlyDictionary<string, string> WorkerSettings => new Dictionary<string, string>
    {
        ["Kafka:BootstrapServers"] = BootstrapServers,
        ["Kafka:Consumer:group.protocol"] = "consumer",
        ["SchemaRegistry:Url"] = SchemaRegistryUrl,
        ["Worker:EventsTopic"] = Options.EventsTopic,
        ["Worker:McpTopic"] = Options.McpTopic,
        ["Worker:DeadLetterTopic"] = Options.DeadLetterTopic,
    };

    /// <summary><see cref="WorkerSettings"/> as environment variables (<c>Kafka__BootstrapServers</c>, ...).</summary>
    public IReadOnlyDictionary<string, string> EnvironmentVariables =>
        WorkerSettings.ToDictionary(kv => kv.Key.Replace(":", "__", StringComparison.Ordinal), kv => kv.Value);

    public static async Task<EmbeddedEnvironment> StartAsync(EmbeddedEnvironmentOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var cluster = new EmbeddedKafkaCluster(new EmbeddedKafkaClusterOptions { BrokerCount = options.BrokerCount });
        try
        {
            foreach (var topic in new[] { options.EventsTopic, options.McpTopic, options.DeadLetterTopic }.Distinct(StringComparer.Ordinal))
            {
                cluster.CreateTopic(topic, options.Partitions);
            }

            var registry = await EmbeddedSchemaRegistry.StartNewAsync(new EmbeddedSchemaRegistryOptions { Port = options.RegistryPort }, cancellationToken)
                .ConfigureAwait(false);
            if (options.GmsPort is not { } gmsPort)
            {
                return new EmbeddedEnvironment(options, cluster, registry, gms: null);
            }

            try
            {
                var gms = await EmbeddedGms.StartNewAsync(new EmbeddedGmsOptions { Port = gmsPort, Token = options.GmsToken }, cancellationToken)
                    .ConfigureAwait(false);
                return new EmbeddedEnvironment(options, cluster, registry, gms);
            }
            catch
            {
                await registry.DisposeAsync().ConfigureAwait(false);
                throw;
            }
        }
        catch
        {
            cluster.Dispose();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Gms is { } gms)
        {
            await gms.DisposeAsync().ConfigureAwait(false);
        }

        await Registry.DisposeAsync().ConfigureAwait(false);
        Cluster.Dispose();
    }
}
