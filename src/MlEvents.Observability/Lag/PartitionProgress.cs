namespace MlEvents.Observability.Lag;

/// <summary>One observation of a partition: its offset lag and the consumer's committed (or processed) offset.</summary>
public readonly record struct PartitionProgress(string Topic, int Partition, long Lag, long Offset);
