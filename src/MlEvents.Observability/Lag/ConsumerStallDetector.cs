namespace MlEvents.Observability.Lag;

/// <summary>
/// Decides whether a consumer is stuck: some partition has lag &gt; 0 while its committed/processed offset has not
/// moved for <see cref="ConsumerStallDetectorOptions.Window"/>. A partition with lag 0 (caught up, idle) never stalls.
/// Pure logic over observed samples and a <see cref="TimeProvider"/>; thread-safe.
/// </summary>
public sealed class ConsumerStallDetector(ConsumerStallDetectorOptions? options = null, TimeProvider? timeProvider = null)
{
    private readonly ConsumerStallDetectorOptions _options = options ?? new ConsumerStallDetectorOptions();
    private readonly TimeProvider _time = timeProvider ?? TimeProvider.System;
    private readonly Lock _lock = new();
    private readonly Dictionary<(string Topic, int Partition), PartitionState> _partitions = [];
    private DateTimeOffset? _lastSampleAt;

    public TimeSpan Window => _options.Window;

    /// <summary>
    /// Records one full sample: the partitions currently owned. Partitions missing from the sample
    /// (revoked) are forgotten.
    /// </summary>
    public void Observe(IEnumerable<PartitionProgress> sample)
    {
        var now = _time.GetUtcNow();
        lock (_lock)
        {
            _lastSampleAt = now;
            var seen = new HashSet<(string, int)>();
            foreach (var progress in sample)
            {
                var key = (progress.Topic, progress.Partition);
                seen.Add(key);
                if (!_partitions.TryGetValue(key, out var state))
                {
                    _partitions[key] = new PartitionState(progress.Offset, progress.Lag, now, progress.Lag);
                    continue;
                }

                var progressed = progress.Offset != state.Offset || progress.Lag <= 0;
                _partitions[key] = progressed
                    ? new PartitionState(progress.Offset, progress.Lag, now, progress.Lag)
                    : state with { Lag = progress.Lag };
            }

            foreach (var key in _partitions.Keys.Where(k => !seen.Contains(k)).ToList())
            {
                _partitions.Remove(key);
            }
        }
    }

    public StallStatus Evaluate()
    {
        var now = _time.GetUtcNow();
        lock (_lock)
        {
            var stalled = new List<StalledPartition>();
            foreach (var ((topic, partition), state) in _partitions)
            {
                var idle = now - state.LastProgressAt;
                var growing = state.Lag > state.LagAtProgress;
                if (state.Lag > 0 && idle >= _options.Window && (growing || !_options.RequireGrowingLag))
                {
                    stalled.Add(new StalledPartition(topic, partition, state.Lag, state.Offset, idle, growing));
                }
            }
            stalled.Sort(static (a, b) => (a.Topic, a.Partition).CompareTo((b.Topic, b.Partition)));

            TimeSpan? silence = _lastSampleAt is { } last && now - last >= _options.Window ? now - last : null;
            var samplesStopped = _options.StallWhenSamplesStop && silence is not null;
            return new StallStatus(stalled.Count > 0 || samplesStopped, stalled, silence);
        }
    }

    private sealed record PartitionState(long Offset, long Lag, DateTimeOffset LastProgressAt, long LagAtProgress);
}
