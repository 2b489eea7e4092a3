using Avro.Generic;
using Confluent.Kafka;
using MlEvents.Contracts;
using MlEvents.Embedded;
using Confluent.SchemaRegistry;
using Confluent.SchemaRegistry.Serdes;
using MlEvents.Tests.Shared;

namespace MlEvents.Cli.Tests;

/// <summary>An embedded Kafka cluster and Schema Registry for the publish tests; each test uses its own topic.</summary>
public sealed class PublishTestBackend : IAsyncLifetime
{
    public const int Partitions = 3;

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

    public string NewTopic()
    {
        var name = "events." + Guid.NewGuid().ToString("N");
        Cluster.CreateTopic(name, Partitions);
        return name;
    }

    /// <summary>The connection flags for <paramref name="topic"/>.</summary>
    public string[] Connection(string topic) =>
        ["--bootstrap-servers", Cluster.BootstrapServers, "--schema-registry-url", Registry.Url, "--topic", topic, "--timeout", "10s"];

    /// <summary>Everything on the topic, decoded with the Avro deserializer and read as events.</summary>
    public async Task<IReadOnlyList<(string Key, MlEvent Event)>> ReadAllAsync(string topic, int expected, TimeSpan? timeout = null)
    {
        using var registry = new CachedSchemaRegistryClient(new SchemaRegistryConfig { Url = Registry.Url });
        var deserializer = new AvroDeserializer<GenericRecord>(registry);
        using var consumer = new ConsumerBuilder<string, byte[]>(new ConsumerConfig
        {
            BootstrapServers = Cluster.BootstrapServers,
            GroupId = "reader-" + Guid.NewGuid().ToString("N"),
            EnableAutoCommit = false,
            FetchWaitMaxMs = 50,
        }).Build();
        consumer.Assign(Enumerable.Range(0, Partitions).Select(p => new TopicPartitionOffset(topic, p, Offset.Beginning)));
        var results = new List<(string, MlEvent)>();
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(10));
        while (results.Count < expected && DateTime.UtcNow < deadline)
        {
            var message = consumer.Consume(TimeSpan.FromMilliseconds(100));
            if (message is null || message.IsPartitionEOF) continue;
            var record = await deserializer.DeserializeAsync(message.Message.Value, false, new SerializationContext(MessageComponentType.Value, topic));
            results.Add((message.Message.Key, MlEventAvro.FromGenericRecord(record)));
        }
        return results;
    }

    /// <summary>The <c>traceparent</c> header of every record on the topic (null for a record without one).</summary>
    public IReadOnlyList<string?> TraceParents(string topic, int expected) =>
        TopicHeaders.Read(Cluster.BootstrapServers, topic, Partitions, expected, "traceparent");

    public static string SamplePath()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var path = Path.Combine(dir.FullName, "samples", "airline-forecast.events.jsonl");
            if (File.Exists(path)) return path;
        }
        throw new FileNotFoundException("samples/airline-forecast.events.jsonl not found");
    }
}

[CollectionDefinition(Name)]
public sealed class PublishCollection : ICollectionFixture<PublishTestBackend>
{
    // One collection: the tests run one after the other, so the one that sets MLEVENTS_* variables cannot disturb another.
    public const string Name = "publish";
}
