namespace MlEvents.Observability.GroupLag;

/// <summary>
/// One row of <c>mlevents lag</c>: the group's committed offset (null when the group committed nothing there),
/// the partition's log-end offset (high watermark) and their difference (null when nothing is committed).
/// </summary>
public sealed record GroupPartitionLag(string Topic, int Partition, long? CommittedOffset, long LogEndOffset, long? Lag);
