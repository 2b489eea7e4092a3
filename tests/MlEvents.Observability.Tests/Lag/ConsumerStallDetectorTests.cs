using Microsoft.Extensions.Time.Testing;
using MlEvents.Observability.Lag;

namespace MlEvents.Observability.Tests.Lag;

public sealed class ConsumerStallDetectorTests
{
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(2);
    private readonly FakeTimeProvider _time = new();

    private ConsumerStallDetector Detector(bool requireGrowingLag = false, bool stallWhenSamplesStop = true) =>
        new(new ConsumerStallDetectorOptions { Window = Window, RequireGrowingLag = requireGrowingLag, StallWhenSamplesStop = stallWhenSamplesStop }, _time);

    private static PartitionProgress P(int partition, long lag, long offset) => new("events", partition, lag, offset);

    [Fact]
    public void No_samples_is_not_a_stall()
    {
        _time.Advance(TimeSpan.FromHours(1));
        Assert.False(Detector().Evaluate().IsStalled);
    }

    [Fact]
    public void Lagging_partition_whose_offset_stands_still_for_the_window_is_stalled()
    {
        var detector = Detector();
        detector.Observe([P(0, lag: 5, offset: 100)]);
        _time.Advance(Window - TimeSpan.FromSeconds(1));
        detector.Observe([P(0, lag: 5, offset: 100)]);
        Assert.False(detector.Evaluate().IsStalled);

        _time.Advance(TimeSpan.FromSeconds(1));
        detector.Observe([P(0, lag: 5, offset: 100)]);
        var status = detector.Evaluate();

        Assert.True(status.IsStalled);
        Assert.Equal(Window, status.StalledPartitions.Single().NoProgressFor);
        Assert.False(status.StalledPartitions.Single().LagGrowing);
    }

    [Fact]
    public void Moving_offset_resets_the_window()
    {
        var detector = Detector();
        detector.Observe([P(0, 50, 100)]);
        _time.Advance(TimeSpan.FromMinutes(1.5));
        detector.Observe([P(0, 60, 110)]); // lag grew but the consumer progressed
        _time.Advance(TimeSpan.FromMinutes(1.5));
        detector.Observe([P(0, 70, 110)]);

        Assert.False(detector.Evaluate().IsStalled);
    }

    [Fact]
    public void Idle_caught_up_partition_never_stalls()
    {
        var detector = Detector();
        for (var i = 0; i < 10; i++)
        {
            detector.Observe([P(0, 0, 100)]);
            _time.Advance(TimeSpan.FromMinutes(1));
        }
        detector.Observe([P(0, 0, 100)]);

        Assert.False(detector.Evaluate().IsStalled);
    }

    [Fact]
    public void One_stuck_partition_is_enough_even_when_others_progress()
    {
        var detector = Detector();
        detector.Observe([P(0, 3, 10), P(1, 3, 20)]);
        _time.Advance(Window);
        detector.Observe([P(0, 3, 10), P(1, 1, 22)]);

        var status = detector.Evaluate();

        Assert.True(status.IsStalled);
        Assert.Equal([0], status.StalledPartitions.Select(p => p.Partition));
        Assert.Contains("events[0] lag 3", status.Describe(), StringComparison.Ordinal);
    }

    [Fact]
    public void Revoked_partitions_are_forgotten()
    {
        var detector = Detector();
        detector.Observe([P(0, 3, 10)]);
        _time.Advance(Window);
        detector.Observe([P(1, 0, 5)]);

        Assert.False(detector.Evaluate().IsStalled);
    }

    [Fact]
    public void Requiring_growing_lag_tolerates_a_constant_backlog()
    {
        var detector = Detector(requireGrowingLag: true);
        detector.Observe([P(0, 5, 100), P(1, 5, 200)]);
        _time.Advance(Window);
        detector.Observe([P(0, 5, 100), P(1, 9, 200)]);

        var status = detector.Evaluate();

        Assert.Equal([1], status.StalledPartitions.Select(p => p.Partition));
        Assert.True(status.StalledPartitions[0].LagGrowing);
    }

    [Fact]
    public void Samples_stopping_for_the_window_counts_as_stalled_unless_disabled()
    {
        var detector = Detector();
        var lenient = Detector(stallWhenSamplesStop: false);
        detector.Observe([P(0, 0, 100)]);
        lenient.Observe([P(0, 0, 100)]);
        _time.Advance(Window);

        var status = detector.Evaluate();
        Assert.True(status.IsStalled);
        Assert.Empty(status.StalledPartitions);
        Assert.Contains("no consumer statistics", status.Describe(), StringComparison.Ordinal);
        Assert.False(lenient.Evaluate().IsStalled);
    }
}
