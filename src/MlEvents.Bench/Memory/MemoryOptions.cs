using MlEvents.Bench.Workload;

namespace MlEvents.Bench.Memory;

public sealed record MemoryOptions
{
    public long Events { get; init; } = 1_000_000;

    public string Mix { get; init; } = EventMix.Default;

    /// <summary>Partitions of the input topic; null = sized from the workload for the mock's retention cap.</summary>
    public int? Partitions { get; init; }

    public TimeSpan Timeout { get; init; } = TimeSpan.FromMinutes(15);

    public IReadOnlyDictionary<string, string> Settings { get; init; } = new Dictionary<string, string>();
}
