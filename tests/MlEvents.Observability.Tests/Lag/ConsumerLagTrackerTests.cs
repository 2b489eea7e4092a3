using Microsoft.Extensions.Time.Testing;
using MlEvents.Observability.Lag;
using MlEvents.Observability.Tests.Support;
using P = MlEvents.Observability.Tests.Lag.StatisticsJson.Partition;

namespace MlEvents.Observability.Tests.Lag;

public sealed class ConsumerLagTrackerTests : IDisposable
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 23, 10, 0, 0, TimeSpan.Zero));
    private readonly ConsumerLagTracker _tracker;

    public ConsumerLagTrackerTests()
    {
        _tracker = new ConsumerLagTracker(
            new ConsumerLagTrackerOptions { ClusterName = "prod", Group = "mlevents", MemberHost = "worker-0", MaxStatisticsAge = TimeSpan.FromSeconds(30) },
            _time);
        _tracker.SetConsumerId("worker-1-3f2a");
        _gauges = new GaugeReader(_tracker);
    }

    private readonly GaugeReader _gauges;

    public void Dispose() => _gauges.Dispose();

    [Fact]
    public void Publishes_kafka_lag_exporter_series_with_its_label_set()
    {
        _tracker.OnStatistics(StatisticsJson.Consumer(
            new P("events", 0, Committed: 6, High: 10),
            new P("events", 1, Committed: 3, High: 3),
            new P("events", 2, Committed: 5, High: 9, FetchState: "stopped"),
            new P("other", 0, Committed: -1001, High: 4)));

        var samples = _gauges.Collect();

        (string, string)[] member =
            [("cluster_name", "prod"), ("group", "mlevents"), ("topic", "events"), ("partition", "0"), ("member_host", "worker-0"), ("consumer_id", "worker-1-3f2a"), ("client_id", "worker-1")];
        Assert.Equal(7, samples.Named("kafka_consumergroup_group_lag", member).Single().Labels.Count);
        Assert.Equal(4, samples.Single("kafka_consumergroup_group_lag", member));
        Assert.Equal(6, samples.Single("kafka_consumergroup_group_offset", member));
        Assert.Equal(4, samples.Single("kafka_consumergroup_group_max_lag", ("cluster_name", "prod"), ("group", "mlevents"), ("is_simple_consumer", "false")));
        Assert.Equal(4, samples.Single("kafka_consumergroup_group_sum_lag", ("cluster_name", "prod"), ("group", "mlevents")));
        Assert.Equal(4, samples.Single("kafka_consumergroup_group_topic_sum_lag", ("cluster_name", "prod"), ("group", "mlevents"), ("topic", "events")));
        Assert.Equal(3, samples.Single("kafka_partition_latest_offset", ("cluster_name", "prod"), ("topic", "events"), ("partition", "1")));
        Assert.Equal(0, samples.Single("kafka_partition_earliest_offset", ("cluster_name", "prod"), ("topic", "events"), ("partition", "0")));
        Assert.DoesNotContain(samples, s => s.Has(("partition", "2")));   // not actively fetched
        Assert.DoesNotContain(samples, s => s.Has(("topic", "other")));   // lag unknown (nothing committed)
        Assert.DoesNotContain(samples, s => s.Has(("partition", "-1")));
    }

    [Fact]
    public void Lag_seconds_is_now_minus_last_processed_timestamp_and_zero_when_caught_up()
    {
        _tracker.RecordProcessed("events", 0, offset: 5, timestamp: _time.GetUtcNow().AddSeconds(-3));
        _tracker.RecordProcessed("events", 0, offset: 4, timestamp: _time.GetUtcNow().AddSeconds(-60)); // late completion: ignored
        _tracker.RecordProcessed("events", 1, offset: 2, timestamp: _time.GetUtcNow().AddSeconds(-500));
        _tracker.OnStatistics(StatisticsJson.Consumer(
            new P("events", 0, Committed: 6, High: 10),
            new P("events", 1, Committed: 3, High: 3),
            new P("events", 2, Committed: 0, High: 8)));
        _time.Advance(TimeSpan.FromSeconds(7));

        var snapshot = _tracker.Current!;

        Assert.Equal(10, snapshot.Partitions[0].LagSeconds);  // 3 s old event + 7 s elapsed
        Assert.Equal(5, snapshot.Partitions[0].LastProcessedOffset);
        Assert.Equal(0, snapshot.Partitions[1].LagSeconds);   // caught up, however old the last event
        Assert.Null(snapshot.Partitions[2].LagSeconds);       // lagging, nothing processed yet: unknown
        Assert.Equal(10, snapshot.MaxLagSeconds);
        Assert.Equal(12, snapshot.SumLag);
        Assert.Equal(8, snapshot.MaxLag);

        var samples = _gauges.Collect();
        Assert.Equal(10, samples.Single("kafka_consumergroup_group_max_lag_seconds", ("cluster_name", "prod"), ("group", "mlevents"), ("is_simple_consumer", "false")));
        var lagSeconds = samples.Named("kafka_consumergroup_group_lag_seconds");
        Assert.Equal(2, lagSeconds.Count); // partitions 0 and 1; partition 2 is unknown and left out
        Assert.Equal(10, samples.Single("kafka_consumergroup_group_lag_seconds", ("partition", "0")));
    }

    [Fact]
    public void Forgetting_a_revoked_partition_lets_a_rewound_offset_be_recorded()
    {
        _tracker.RecordProcessed("events", 0, 100, _time.GetUtcNow().AddSeconds(-50));
        _tracker.ForgetPartition("events", 0);
        _tracker.RecordProcessed("events", 0, 40, _time.GetUtcNow().AddSeconds(-2));
        _tracker.OnStatistics(StatisticsJson.Consumer(new P("events", 0, Committed: 40, High: 100)));

        Assert.Equal(40, _tracker.Current!.Partitions[0].LastProcessedOffset);
        Assert.Equal(2, _tracker.Current!.Partitions[0].LagSeconds);
    }

    [Fact]
    public void Stale_statistics_withdraw_lag_series_but_keep_reporting_their_age()
    {
        _tracker.OnStatistics(StatisticsJson.Consumer(new P("events", 0, Committed: 1, High: 2)));
        _time.Advance(TimeSpan.FromSeconds(31));

        var samples = _gauges.Collect();

        Assert.Null(_tracker.Current);
        Assert.DoesNotContain(samples, s => s.Name.StartsWith("kafka_", StringComparison.Ordinal));
        Assert.Equal(31, samples.Single("mlevents_lag_statistics_age_seconds", ("group", "mlevents")));
    }

    [Fact]
    public void Nothing_is_published_before_the_first_statistics_and_bad_json_is_counted_not_thrown()
    {
        _tracker.OnStatistics("{not json");

        Assert.Empty(_gauges.Collect());
        Assert.Equal(1, _tracker.MalformedStatistics);
    }

    [Fact]
    public void Statistics_feed_the_stall_detector_with_committed_offsets()
    {
        var detector = new ConsumerStallDetector(new ConsumerStallDetectorOptions { Window = TimeSpan.FromSeconds(60) }, _time);
        var tracker = new ConsumerLagTracker(new ConsumerLagTrackerOptions { Group = "g" }, _time, detector);

        tracker.OnStatistics(StatisticsJson.Consumer(new P("events", 0, Committed: 5, High: 9)));
        _time.Advance(TimeSpan.FromSeconds(61));
        tracker.OnStatistics(StatisticsJson.Consumer(new P("events", 0, Committed: 5, High: 12)));

        var status = detector.Evaluate();
        Assert.True(status.IsStalled);
        Assert.Equal(("events", 0, 7L, true), (status.StalledPartitions[0].Topic, status.StalledPartitions[0].Partition, status.StalledPartitions[0].Lag, status.StalledPartitions[0].LagGrowing));
    }
}
