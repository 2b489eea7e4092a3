using System.Text;
using Confluent.Kafka;
using MlEvents.Integration.Tests.Fixtures;

namespace MlEvents.Integration.Tests.Embedded;

[Collection(KafkaClusterCollection.Name)]
public sealed class SharedClusterTests(KafkaClusterFixture kafka)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    [Fact]
    public void A_separate_client_sees_all_brokers_through_BootstrapServers()
    {
        using var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = kafka.BootstrapServers }).Build();

        var brokers = admin.GetMetadata(Timeout).Brokers;

        Assert.Equal([1, 2, 3], brokers.Select(broker => broker.BrokerId).Order());
        Assert.Equal(
            kafka.Cluster.Brokers.Select(broker => broker.Address).Order(),
            brokers.Select(broker => $"{broker.Host}:{broker.Port}").Order());
    }

    [Theory]
    [InlineData(1)]
    [InlineData(12)]
    [InlineData(200)]
    public void Created_topic_has_exactly_the_requested_partition_count(int partitions)
    {
        var topic = kafka.NewTopic("partitions", partitions);

        Assert.Equal(Enumerable.Range(0, partitions), kafka.PartitionsOf(topic).Select(p => p.Partition.Value));
    }

    [Fact]
    public void Creating_an_existing_topic_fails_with_TopicAlreadyExists()
    {
        var topic = kafka.NewTopic("duplicate", 2);

        var error = Assert.Throws<KafkaException>(() => kafka.Cluster.CreateTopic(topic, 2));

        Assert.Equal(ErrorCode.TopicAlreadyExists, error.Error.Code);
    }

    [Fact]
    public async Task Messages_round_trip_with_key_value_and_headers()
    {
        var topic = kafka.NewTopic("round-trip", 3);
        var headers = new Headers { { "trace", Encoding.UTF8.GetBytes("abc") } };

        var delivery = await kafka.ProduceAsync(topic, "k1"u8.ToArray(), "v1"u8.ToArray(), headers);
        var consumed = Assert.Single(kafka.ConsumeAll(topic, expectedCount: 1, Timeout));

        Assert.Equal(delivery.TopicPartitionOffset, consumed.TopicPartitionOffset);
        Assert.Equal("k1"u8.ToArray(), consumed.Message.Key);
        Assert.Equal("v1"u8.ToArray(), consumed.Message.Value);
        Assert.Equal("abc"u8.ToArray(), consumed.Message.Headers.GetLastBytes("trace"));
    }

    [Fact]
    public async Task ConsumeAll_returns_every_produced_message_across_partitions()
    {
        var topic = kafka.NewTopic("consume-all", 6);
        var values = Enumerable.Range(0, 300).Select(i => Encoding.UTF8.GetBytes($"m{i}")).ToList();

        await Task.WhenAll(values.Select(value => kafka.ProduceAsync(topic, key: value, value)));
        var consumed = kafka.ConsumeAll(topic, values.Count, Timeout);

        Assert.Equal(
            values.Select(Encoding.UTF8.GetString).Order(),
            consumed.Select(result => Encoding.UTF8.GetString(result.Message.Value!)).Order());
        Assert.True(consumed.Select(result => result.Partition.Value).Distinct().Count() > 1);
    }

    [Fact]
    public async Task ConsumeAll_returns_what_arrived_when_fewer_messages_exist()
    {
        var topic = kafka.NewTopic("short", 2);
        await kafka.ProduceAllAsync(topic, ["only"u8.ToArray()]);

        var consumed = kafka.ConsumeAll(topic, expectedCount: 2, TimeSpan.FromSeconds(3));

        Assert.Single(consumed);
    }

    [Fact]
    public async Task A_group_commit_is_read_back_by_Committed_from_another_consumer()
    {
        var topic = kafka.NewTopic("commit", 1);
        var groupId = KafkaClusterFixture.NewGroupId();
        await kafka.ProduceAllAsync(topic, Enumerable.Range(0, 5).Select(i => new[] { (byte)i }));

        using (var consumer = new ConsumerBuilder<byte[]?, byte[]?>(
                   new ConsumerConfig(kafka.ConsumerConfig(groupId)) { EnableAutoCommit = false }).Build())
        {
            consumer.Subscribe(topic);
            ConsumeResult<byte[]?, byte[]?>? third = null;
            for (var read = 0; read < 3;)
            {
                var result = consumer.Consume(Timeout) ?? throw new TimeoutException("No message consumed");
                third = result;
                read++;
            }
            consumer.Commit([new TopicPartitionOffset(third!.TopicPartition, third.Offset + 1)]);
            consumer.Close();
        }

        using var reader = new ConsumerBuilder<byte[]?, byte[]?>(kafka.ConsumerConfig(groupId)).Build();
        var committed = reader.Committed([new TopicPartition(topic, 0)], Timeout);

        Assert.Equal(3, Assert.Single(committed).Offset.Value);
    }

    [Fact]
    public async Task Two_consumers_with_the_recommended_settings_share_a_topic_quickly()
    {
        var topic = kafka.NewTopic("rebalance", 8);
        var config = kafka.ConsumerConfig();
        using var first = new ConsumerBuilder<Ignore, Ignore>(config).Build();
        using var second = new ConsumerBuilder<Ignore, Ignore>(config).Build();
        using var stop = new CancellationTokenSource();
        first.Subscribe(topic);
        second.Subscribe(topic);
        var polling = new[] { first, second }.Select(consumer => Task.Run(() => PollUntil(consumer, stop.Token))).ToList();

        var shared = SpinWait.SpinUntil(
            () => first.Assignment.Count > 0 && second.Assignment.Count > 0 && first.Assignment.Count + second.Assignment.Count == 8,
            TimeSpan.FromSeconds(5));
        await stop.CancelAsync();
        await Task.WhenAll(polling);

        Assert.True(shared, $"Assignments after 5 s: {first.Assignment.Count} + {second.Assignment.Count} of 8");
        Assert.Empty(first.Assignment.Intersect(second.Assignment));
    }

    private static void PollUntil(IConsumer<Ignore, Ignore> consumer, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            consumer.Consume(TimeSpan.FromMilliseconds(50));
        }
    }
}
