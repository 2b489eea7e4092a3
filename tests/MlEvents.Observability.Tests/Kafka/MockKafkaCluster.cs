using Confluent.Kafka;

namespace MlEvents.Observability.Tests.Kafka;

/// <summary>
/// librdkafka's in-process mock cluster (3 brokers on 127.0.0.1), alive as long as the hosting producer.
/// Topics auto-create with 4 partitions. Private to this test project; never call ListConsumerGroups on it.
/// </summary>
public sealed class MockKafkaCluster : IDisposable
{
    private readonly IProducer<byte[], byte[]> _host;

    public MockKafkaCluster()
    {
        var config = new ProducerConfig { BootstrapServers = "" };
        config.Set("test.mock.num.brokers", "3");
        _host = new ProducerBuilder<byte[], byte[]>(config).SetLogHandler((_, _) => { }).Build();
        using var admin = new DependentAdminClientBuilder(_host.Handle).Build();
        var brokers = admin.GetMetadata(TimeSpan.FromSeconds(10)).Brokers;
        BootstrapServers = string.Join(',', brokers.Select(b => $"{b.Host}:{b.Port}"));
    }

    public string BootstrapServers { get; }

    public static string UniqueName(string prefix) => $"{prefix}-{Guid.NewGuid():N}";

    /// <summary>Produces <paramref name="count"/> messages to one partition and waits for their delivery.</summary>
    public void Produce(string topic, int partition, int count, DateTimeOffset? timestamp = null)
    {
        using var producer = new ProducerBuilder<string, string>(new ProducerConfig { BootstrapServers = BootstrapServers, LingerMs = 0 })
            .SetLogHandler((_, _) => { })
            .Build();
        for (var i = 0; i < count; i++)
        {
            var message = new Message<string, string> { Key = $"k{i}", Value = $"v{i}" };
            if (timestamp is { } ts)
            {
                message.Timestamp = new Timestamp(ts);
            }
            producer.Produce(new TopicPartition(topic, partition), message);
        }
        if (producer.Flush(TimeSpan.FromSeconds(10)) != 0)
        {
            throw new TimeoutException("Messages were not delivered to the mock cluster.");
        }
    }

    /// <summary>Commits offsets for a group without joining it (simple-consumer commit).</summary>
    public void Commit(string group, params TopicPartitionOffset[] offsets)
    {
        using var consumer = new ConsumerBuilder<Ignore, Ignore>(new ConsumerConfig
        {
            BootstrapServers = BootstrapServers,
            GroupId = group,
            EnableAutoCommit = false,
        }).SetLogHandler((_, _) => { }).Build();
        consumer.Commit(offsets);
    }

    public void Dispose() => _host.Dispose();
}

[CollectionDefinition(Name)]
public sealed class MockKafkaCollection : ICollectionFixture<MockKafkaCluster>
{
    public const string Name = "mock kafka";
}
