namespace MlEvents.Observability.Lag;

/// <summary>
/// One topic-partition entry of librdkafka's statistics JSON. Offsets are -1001 (invalid) when unknown;
/// lags are -1 when unknown (e.g. nothing committed yet).
/// </summary>
public sealed record PartitionStatistics(
    string Topic,
    int Partition,
    string FetchState,
    long CommittedOffset,
    long StoredOffset,
    long LowOffset,
    long HighOffset,
    long LastStableOffset,
    long ConsumerLag,
    long ConsumerLagStored)
{
    /// <summary>Actively fetched by this consumer (assigned and not paused/stopped); excludes the internal "-1" partition.</summary>
    public bool IsActive => Partition >= 0 && string.Equals(FetchState, "active", StringComparison.Ordinal);
}
