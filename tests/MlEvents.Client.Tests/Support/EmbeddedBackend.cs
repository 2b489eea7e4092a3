using Avro.Generic;
using Confluent.Kafka;
using MlEvents.Client;
using MlEvents.Contracts;
using MlEvents.Embedded;
using Confluent.SchemaRegistry;
using Confluent.SchemaRegistry.Serdes;
using MlEvents.Tests.Shared;

namespace MlEvents.Client.Tests.Support;

/// <summary>One embedded Kafka cluster and Schema Registry shared by a test collection; tests use their own topics.</summary>
public sealed class EmbeddedBackend : IAsyncLifetime
{
    public const int Partitions = 3;
    private int _topics;

    public EmbeddedKafkaCluster Cluster { get; private set; } = null!;

    public EmbeddedSchemaRegistry Registry { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Cluster = new EmbeddedKafkaCluster(new EmbeddedKafkaClusterOptions { BrokerCount = 1 });
        Registry = await EmbeddedSchemaRegistry.StartNewAsync();
    }

    public async Task DisposeAsync()
    {
        await Registry.DisposeAsync();
        Cluster.Dispose();
    }

    public string NewTopic(string prefix = "mlevents.events")
    {
        var name = $"{prefix}.{Interlocked.Increment(ref _topics)}.{Guid.NewGuid():N}";
        Cluster.CreateTopic(name, Partitions);
        return name;
    }

    public MlEventsPublisherOptions PublisherOptions(string topic) => Options(Cluster, Registry.Url, topic);

    public static MlEventsPublisherOptions Options(EmbeddedKafkaCluster cluster, string registryUrl, string topic) => new()
    {
        BootstrapServers = cluster.BootstrapServers,
        SchemaRegistry = new SchemaRegistryConfig { Url = registryUrl, MaxRetries = 1, RequestTimeoutMs = 3000 },
        Topic = topic,
        Platform = "mlflow",
        Actor = "datahub",
        DeliveryTimeout = TimeSpan.FromSeconds(10),
        FlushTimeout = TimeSpan.FromSeconds(10),
    };

    /// <summary>The value of header <paramref name="name"/> of every record on the topic (null where absent).</summary>
    public IReadOnlyList<string?> Headers(string topic, int expected, string name) =>
        TopicHeaders.Read(Cluster.BootstrapServers, topic, Partitions, expected, name);

    /// <summary>Everything on the topic (all partitions from the beginning), decoded with our Avro deserializer.</summary>
    public Task<IReadOnlyList<(string Key, MlEvent Event)>> ReadAllAsync(string topic, int expected, TimeSpan? timeout = null) =>
        ReadAllAsync(Cluster.BootstrapServers, Registry.Url, topic, expected, timeout ?? TimeSpan.FromSeconds(10));

    public static async Task<IReadOnlyList<(string Key, MlEvent Event)>> ReadAllAsync(
        string bootstrapServers, string registryUrl, string topic, int expected, TimeSpan timeout)
    {
        using var registry = new CachedSchemaRegistryClient(new SchemaRegistryConfig { Url = registryUrl });
        var deserializer = new AvroDeserializer<GenericRecord>(registry);
        using var consumer = new ConsumerBuilder<string, byte[]>(new ConsumerConfig
        {
            BootstrapServers = bootstrapServers,
            GroupId = "reader-" + Guid.NewGuid().ToString("N"),
            EnableAutoCommit = false,
            FetchWaitMaxMs = 50,
        }).Build();
        consumer.Assign(Enumerable.Range(0, Partitions).Select(p => new TopicPartitionOffset(topic, p, Offset.Beginning)));
        var results = new List<(string, MlEvent)>();
        var deadline = DateTime.UtcNow + timeout;
        while (results.Count < expected && DateTime.UtcNow < deadline)
        {
            var message = consumer.Consume(TimeSpan.FromMilliseconds(100));
            if (message is null || message.IsPartitionEOF) continue;
            var record = await deserializer.DeserializeAsync(message.Message.Value, false, new SerializationContext(MessageComponentType.Value, topic));
            results.Add((message.Message.Key, MlEventAvro.FromGenericRecord(record)));
        }
        return results;
    }
}

[CollectionDefinition(Name)]
public sealed class EmbeddedBackendCollection : ICollectionFixture<EmbeddedBackend>
{
    public const string Name = "embedded kafka + registry";
}
