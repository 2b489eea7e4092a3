using System.Collections.Concurrent;
using Confluent.Kafka;
using MlEvents.Observability.Lag;

namespace MlEvents.Observability.Tests.Kafka;

[Collection(MockKafkaCollection.Name)]
public sealed class LiveStatisticsTests(MockKafkaCluster cluster)
{
    [Fact]
    public void Lag_from_real_librdkafka_statistics_is_produced_minus_committed_for_actively_fetched_partitions()
    {
        var topic = MockKafkaCluster.UniqueName("stats");
        var group = MockKafkaCluster.UniqueName("group");
        cluster.Produce(topic, partition: 0, count: 10);
        cluster.Produce(topic, partition: 1, count: 3);
        cluster.Produce(topic, partition: 2, count: 5); // never assigned: must not be reported

        var statistics = new BlockingCollection<string>();
        var config = new ConsumerConfig
        {
            BootstrapServers = cluster.BootstrapServers,
            GroupId = group,
            EnableAutoCommit = false,
            AutoOffsetReset = AutoOffsetReset.Earliest,
            StatisticsIntervalMs = 500,
            ClientId = "lag-test-client",
        };
        using var consumer = new ConsumerBuilder<string, string>(config)
            .SetStatisticsHandler((_, json) => statistics.Add(json))
            .SetLogHandler((_, _) => { })
            .Build();
        consumer.Assign([new TopicPartitionOffset(topic, 0, Offset.Beginning), new TopicPartitionOffset(topic, 1, Offset.Beginning)]);

        var consumed = new Dictionary<int, int> { [0] = 0, [1] = 0 };
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while ((consumed[0] < 6 || consumed[1] < 3) && DateTime.UtcNow < deadline)
        {
            var result = consumer.Consume(TimeSpan.FromMilliseconds(100));
            if (result is null)
            {
                continue;
            }
            var partition = result.Partition.Value;
            if (partition == 0 && consumed[0] == 6)
            {
                continue; // stop processing partition 0 after 6 events
            }
            consumed[partition]++;
        }
        Assert.Equal(6, consumed[0]);
        Assert.Equal(3, consumed[1]);
        consumer.Commit([new TopicPartitionOffset(topic, 0, 6), new TopicPartitionOffset(topic, 1, 3)]);

        KafkaClientStatistics? parsed = null;
        string? json = null;
        while (DateTime.UtcNow < deadline)
        {
            consumer.Consume(TimeSpan.FromMilliseconds(100)); // statistics are served from the poll loop
            while (statistics.TryTake(out var next))
            {
                var candidate = LibrdkafkaStatisticsParser.Parse(next);
                var p0 = candidate.ActivePartitions.SingleOrDefault(p => p.Topic == topic && p.Partition == 0);
                if (p0 is { CommittedOffset: 6, HighOffset: 10 })
                {
                    (parsed, json) = (candidate, next);
                }
            }
            if (parsed is not null)
            {
                break;
            }
        }

        Assert.NotNull(parsed);
        var capturePath = Environment.GetEnvironmentVariable("MLEVENTS_CAPTURE_STATISTICS");
        if (!string.IsNullOrEmpty(capturePath))
        {
            File.WriteAllText(capturePath, json);
        }

        Assert.Equal("consumer", parsed.Type);
        Assert.Equal("lag-test-client", parsed.ClientId);
        var active = parsed.ActivePartitions.Where(p => p.Topic == topic).OrderBy(p => p.Partition).ToList();
        Assert.Equal([0, 1], active.Select(p => p.Partition));
        Assert.Equal(10 - 6, active[0].ConsumerLag);
        Assert.Equal(3 - 3, active[1].ConsumerLag);

        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(DateTimeOffset.UtcNow);
        var tracker = new ConsumerLagTracker(new ConsumerLagTrackerOptions { Group = group }, time);
        tracker.Update(parsed);
        var snapshot = tracker.Current!;
        Assert.Equal(4, snapshot.SumLag);
        Assert.Equal(4, snapshot.MaxLag);
        Assert.DoesNotContain(snapshot.Partitions, p => p.Partition == 2);
    }
}
