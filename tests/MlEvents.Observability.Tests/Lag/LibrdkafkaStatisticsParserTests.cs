using MlEvents.Observability.Lag;

namespace MlEvents.Observability.Tests.Lag;

public sealed class LibrdkafkaStatisticsParserTests
{
    // Captured from librdkafka 2.16.0's mock cluster by LiveStatisticsTests (topic renamed to "ml-events"):
    // partition 0: 10 produced, 10 delivered to the app (auto-stored), 6 committed; partition 1: 3 produced, 3 committed;
    // partitions 2 and 3 not assigned; plus librdkafka's internal "-1" partition.
    private static readonly string Sample = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Samples", "consumer-statistics.json"));

    [Fact]
    public void Parses_top_level_fields_and_consumer_group()
    {
        var statistics = LibrdkafkaStatisticsParser.Parse(Sample);

        Assert.Equal("consumer", statistics.Type);
        Assert.Equal("lag-test-client", statistics.ClientId);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1795426407), statistics.Time);
        Assert.NotNull(statistics.ConsumerGroup);
        Assert.Equal("up", statistics.ConsumerGroup.State);
        Assert.Equal(0, statistics.ConsumerGroup.RebalanceCount);
    }

    [Fact]
    public void Only_assigned_fetching_partitions_are_active_and_internal_partition_is_excluded()
    {
        var statistics = LibrdkafkaStatisticsParser.Parse(Sample);

        Assert.Equal([-1, 0, 1, 2, 3], statistics.Partitions.Select(p => p.Partition).Order());
        Assert.Equal([0, 1], statistics.ActivePartitions.Select(p => p.Partition).Order());
    }

    [Fact]
    public void Committed_lag_differs_from_stored_lag_when_delivered_events_are_not_committed()
    {
        var p0 = LibrdkafkaStatisticsParser.Parse(Sample).Partitions.Single(p => p.Partition == 0);

        Assert.Equal(("ml-events", 6L, 10L, 10L, 0L), (p0.Topic, p0.CommittedOffset, p0.StoredOffset, p0.HighOffset, p0.LowOffset));
        Assert.Equal(4, p0.ConsumerLag);        // hi_offset - committed_offset
        Assert.Equal(0, p0.ConsumerLagStored);  // hi_offset - stored_offset: already 0 before anything was committed
    }

    [Fact]
    public void Unknown_values_keep_librdkafka_sentinels()
    {
        var p2 = LibrdkafkaStatisticsParser.Parse(Sample).Partitions.Single(p => p.Partition == 2);

        Assert.Equal("none", p2.FetchState);
        Assert.Equal(LibrdkafkaStatisticsParser.InvalidOffset, p2.CommittedOffset);
        Assert.Equal(-1, p2.ConsumerLag);
    }

    [Fact]
    public void Producer_queue_fill_ratio_is_the_larger_of_count_and_size_ratios()
    {
        const string json = """{"type":"producer","client_id":"p","time":1,"msg_cnt":250,"msg_max":1000,"msg_size":600,"msg_size_max":1000}""";

        var statistics = LibrdkafkaStatisticsParser.Parse(json);

        Assert.Equal(0.6, statistics.ProducerQueueFillRatio, 10);
        Assert.Empty(statistics.Partitions);
        Assert.Null(statistics.ConsumerGroup);
    }

    [Theory]
    [InlineData("")]
    [InlineData("[]")]
    [InlineData("{\"topics\":")]
    public void Malformed_input_is_rejected_by_TryParse(string json)
    {
        Assert.False(LibrdkafkaStatisticsParser.TryParse(json, out var statistics));
        Assert.Null(statistics);
    }
}
