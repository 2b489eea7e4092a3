using MlEvents.Bench.Workload;

namespace MlEvents.Bench.Macro;

public sealed record MacroOptions
{
    /// <summary>Events of the throughput runs (passthrough gets their MCPs).</summary>
    public long Events { get; init; } = 40_000;

    public string Mix { get; init; } = EventMix.Default;

    /// <summary>Input rate of the paced latency run, events/s; 0 skips it.</summary>
    public double Rate { get; init; } = 1000;

    public TimeSpan PacedDuration { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>Partitions of the throughput topics; null = sized from the workload for the mock's retention cap.</summary>
    public int? Partitions { get; init; }

    /// <summary>Partitions of the paced run's topics (the mock's auto-create default).</summary>
    public int PacedPartitions { get; init; } = 4;

    public bool SkipPassthrough { get; init; }

    /// <summary>
    /// Events the passthrough and the worker first process unmeasured (JIT to optimised code, connections, registry
    /// look-ups): the measured runs then show the steady state of a long-running worker. 0 skips the warm-up.
    /// 10,000 left the worker's translation in tier-0 and instrumented (PGO) code during the measured run (BENCHMARKS.md).
    /// </summary>
    public long WarmupEvents { get; init; } = 60_000;

    /// <summary>Extra worker configuration (<c>--set Worker:MaxInFlightPerPartition=1000</c>), also given to the passthrough.</summary>
    public IReadOnlyDictionary<string, string> Settings { get; init; } = new Dictionary<string, string>();
}
