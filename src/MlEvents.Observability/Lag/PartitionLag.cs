namespace MlEvents.Observability.Lag;

/// <summary>
/// Lag of one actively fetched partition. <see cref="Lag"/> = end offset (high watermark, or last stable offset under
/// read_committed) − committed offset, as librdkafka computes <c>consumer_lag</c>.
/// <see cref="LagSeconds"/> is now − timestamp of the last processed event, 0 when caught up, null when unknown.
/// </summary>
public sealed record PartitionLag(
    string Topic,
    int Partition,
    long CommittedOffset,
    long LowOffset,
    long HighOffset,
    long Lag,
    double? LagSeconds,
    long? LastProcessedOffset);
