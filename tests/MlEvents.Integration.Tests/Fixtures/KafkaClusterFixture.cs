using Confluent.Kafka;
using MlEvents.Embedded;

namespace MlEvents.Integration.Tests.Fixtures;

/// <summary>
/// One embedded Kafka cluster shared by the tests of a collection (see <see cref="KafkaClusterCollection"/>).
/// Tests isolate themselves with unique topics and group ids. Fault injection that affects every broker
/// (down, RTT) belongs on a private <see cref="EmbeddedKafkaCluster"/>, not on this shared one.
/// </summary>
public sealed class KafkaClusterFixture : IDisposable
{
    private readonly Lazy<IProducer<byte[]?, byte[]?>> producer;

    public KafkaClusterFixture()
    {
        Cluster = new EmbeddedKafkaCluster();
        producer = new Lazy<IProducer<byte[]?, byte[]?>>(
            () => new ProducerBuilder<byte[]?, byte[]?>(Cluster.CreateProducerConfig()).Build());
    }

    public EmbeddedKafkaCluster Cluster { get; }

    public string BootstrapServers => Cluster.BootstrapServers;

    /// <summary>Creates a topic with a unique name starting with <paramref name="prefix"/>.</summary>
    public string NewTopic(string prefix = "topic", int partitions = 4)
    {
        var name = UniqueName(prefix);
        Cluster.CreateTopic(name, partitions);
        return name;
    }

    public static string NewGroupId(string prefix = "group") => UniqueName(prefix);

    /// <summary>Consumer config for the cluster with the recommended (fast-rebalance) group settings.</summary>
    public ConsumerConfig ConsumerConfig(string? groupId = null) => Cluster.CreateConsumerConfig(groupId ?? NewGroupId());

    public Task<DeliveryResult<byte[]?, byte[]?>> ProduceAsync(
        string topic, byte[]? key, byte[]? value, Headers? headers = null, CancellationToken cancellationToken = default) =>
        producer.Value.ProduceAsync(
            topic, new Message<byte[]?, byte[]?> { Key = key, Value = value, Headers = headers ?? [] }, cancellationToken);

    /// <summary>Produces the values (no keys) and waits until all are acknowledged, in order.</summary>
    public async Task<IReadOnlyList<DeliveryResult<byte[]?, byte[]?>>> ProduceAllAsync(
        string topic, IEnumerable<byte[]?> values, CancellationToken cancellationToken = default) =>
        await Task.WhenAll(values.Select(value => ProduceAsync(topic, key: null, value, cancellationToken: cancellationToken)));

    /// <summary>
    /// Reads the topic from the beginning of every partition, without a consumer group (group offsets stay
    /// untouched), until <paramref name="expectedCount"/> messages arrived or <paramref name="timeout"/> passed.
    /// Returns what arrived, which is fewer than expected on timeout; order is per partition only.
    /// </summary>
    public IReadOnlyList<ConsumeResult<byte[]?, byte[]?>> ConsumeAll(string topic, int expectedCount, TimeSpan timeout)
    {
        var config = new ConsumerConfig
        {
            BootstrapServers = BootstrapServers,
            GroupId = NewGroupId("consume-all"),
            EnableAutoCommit = false,
            EnableAutoOffsetStore = false,
            FetchWaitMaxMs = 100,
        };
        using var consumer = new ConsumerBuilder<byte[]?, byte[]?>(config).Build();
        consumer.Assign(PartitionsOf(topic).Select(partition => new TopicPartitionOffset(partition, Offset.Beginning)));

        var results = new List<ConsumeResult<byte[]?, byte[]?>>();
        var deadline = DateTime.UtcNow + timeout;
        while (results.Count < expectedCount)
        {
            var remaining = deadline - DateTime.UtcNow;
            if (remaining <= TimeSpan.Zero)
            {
                break;
            }
            var result = consumer.Consume(remaining < TimeSpan.FromMilliseconds(100) ? remaining : TimeSpan.FromMilliseconds(100));
            if (result is { IsPartitionEOF: false })
            {
                results.Add(result);
            }
        }
        consumer.Close();
        return results;
    }

    public IReadOnlyList<TopicPartition> PartitionsOf(string topic)
    {
        using var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = BootstrapServers }).Build();
        var metadata = admin.GetMetadata(topic, TimeSpan.FromSeconds(10)).Topics.Single();
        if (metadata.Error.IsError)
        {
            throw new KafkaException(metadata.Error);
        }
        return metadata.Partitions.Select(partition => new TopicPartition(topic, partition.PartitionId)).ToList();
    }

    public void Dispose()
    {
        if (producer.IsValueCreated)
        {
            producer.Value.Flush(TimeSpan.FromSeconds(5));
            producer.Value.Dispose();
        }
        Cluster.Dispose();
    }

    private static string UniqueName(string prefix) => $"{prefix}-{Guid.NewGuid():N}";
}
