namespace MlEvents.Observability.Lag;

public sealed record StalledPartition(string Topic, int Partition, long Lag, long Offset, TimeSpan NoProgressFor, bool LagGrowing);

/// <summary>Result of <see cref="ConsumerStallDetector.Evaluate"/>.</summary>
public sealed record StallStatus(bool IsStalled, IReadOnlyList<StalledPartition> StalledPartitions, TimeSpan? NoSamplesFor)
{
    public string Describe()
    {
        if (!IsStalled)
        {
            return "consumer is making progress";
        }
        if (NoSamplesFor is { } silence && StalledPartitions.Count == 0)
        {
            return $"no consumer statistics for {silence.TotalSeconds:0}s (poll loop stuck?)";
        }
        return "stalled: " + string.Join(", ", StalledPartitions.Select(p =>
            $"{p.Topic}[{p.Partition}] lag {p.Lag}{(p.LagGrowing ? " (growing)" : "")}, offset {p.Offset} unchanged for {p.NoProgressFor.TotalSeconds:0}s"));
    }
}
