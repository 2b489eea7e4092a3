using Confluent.Kafka;
using MlEvents.Observability.GroupLag;

namespace MlEvents.Observability.Tests.Kafka;

[Collection(MockKafkaCollection.Name)]
public sealed class ConsumerGroupLagReaderTests(MockKafkaCluster cluster)
{
    [Fact]
    public async Task Reports_committed_end_and_lag_per_partition_without_joining_the_group()
    {
        var topic = MockKafkaCluster.UniqueName("lag");
        var group = MockKafkaCluster.UniqueName("group");
        cluster.Produce(topic, partition: 0, count: 10);
        cluster.Produce(topic, partition: 1, count: 2);
        cluster.Commit(group, new TopicPartitionOffset(topic, 0, 6), new TopicPartitionOffset(topic, 1, 2));

        var rows = await new ConsumerGroupLagReader(cluster.BootstrapServers, timeout: TimeSpan.FromSeconds(5)).ReadAsync(group, [topic]);

        Assert.Equal(
            [
                new GroupPartitionLag(topic, 0, 6, 10, 4),
                new GroupPartitionLag(topic, 1, 2, 2, 0),
                new GroupPartitionLag(topic, 2, null, 0, null),
                new GroupPartitionLag(topic, 3, null, 0, null),
            ],
            rows);
    }

    [Fact]
    public void Unknown_topic_is_an_error()
    {
        var reader = new ConsumerGroupLagReader(cluster.BootstrapServers, timeout: TimeSpan.FromSeconds(3));
        Assert.Throws<KafkaException>(() => reader.Read("g", [MockKafkaCluster.UniqueName("missing")]));
    }

    [Fact]
    public void Table_looks_like_kafka_consumer_groups_describe()
    {
        var table = ConsumerGroupLagTable.Render("mlevents",
        [
            new GroupPartitionLag("ml-events", 1, null, 0, null),
            new GroupPartitionLag("ml-events", 0, 6, 10, 4),
        ]);

        const string expected =
            "GROUP    TOPIC     PARTITION CURRENT-OFFSET LOG-END-OFFSET LAG\n" +
            "mlevents ml-events 0         6              10             4\n" +
            "mlevents ml-events 1         -              0              -\n";
        Assert.Equal(expected, table);
    }
}
