namespace MlEvents.Observability.Lag;

/// <summary>The parts of one librdkafka statistics emission this project uses.</summary>
public sealed record KafkaClientStatistics(
    string Name,
    string ClientId,
    string Type,
    DateTimeOffset Time,
    long QueuedMessages,
    long MaxQueuedMessages,
    long QueuedBytes,
    long MaxQueuedBytes,
    IReadOnlyList<PartitionStatistics> Partitions,
    ConsumerGroupStatistics? ConsumerGroup)
{
    /// <summary>Partitions this consumer is actively fetching.</summary>
    public IEnumerable<PartitionStatistics> ActivePartitions => Partitions.Where(p => p.IsActive);

    /// <summary>
    /// Producer only: how full the local queue is (0..1), the larger of the message-count and byte ratios
    /// (<c>queue.buffering.max.messages</c> / <c>queue.buffering.max.kbytes</c>).
    /// </summary>
    public double ProducerQueueFillRatio
    {
        get
        {
            var byCount = MaxQueuedMessages > 0 ? (double)QueuedMessages / MaxQueuedMessages : 0;
            var bySize = MaxQueuedBytes > 0 ? (double)QueuedBytes / MaxQueuedBytes : 0;
            return Math.Clamp(Math.Max(byCount, bySize), 0, 1);
        }
    }
}
