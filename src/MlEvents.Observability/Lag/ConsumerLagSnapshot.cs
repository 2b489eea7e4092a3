namespace MlEvents.Observability.Lag;

/// <summary>Lag of every partition this consumer actively fetches, plus aggregates, as of <see cref="ReceivedAt"/>.</summary>
public sealed record ConsumerLagSnapshot(
    DateTimeOffset ReceivedAt,
    string ClientId,
    IReadOnlyList<PartitionLag> Partitions,
    ConsumerGroupStatistics? ConsumerGroup)
{
    public long SumLag => Partitions.Sum(p => p.Lag);

    public long MaxLag => Partitions.Count == 0 ? 0 : Partitions.Max(p => p.Lag);

    /// <summary>Largest known time lag; null when no partition's time lag is known.</summary>
    public double? MaxLagSeconds => Partitions.Select(p => p.LagSeconds).Where(s => s is not null).DefaultIfEmpty(null).Max();

    public IReadOnlyDictionary<string, long> SumLagByTopic =>
        Partitions.GroupBy(p => p.Topic, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Sum(p => p.Lag), StringComparer.Ordinal);
}
