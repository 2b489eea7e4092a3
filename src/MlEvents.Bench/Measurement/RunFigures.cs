namespace MlEvents.Bench.Measurement;

/// <summary>What one measured run did, and how fast. <see cref="Elapsed"/> runs from the first consumed input to the last acknowledgement.</summary>
public sealed record RunFigures
{
    public required string Name { get; init; }
    public required long Events { get; init; }
    public required long ExpectedEvents { get; init; }
    public required long Mcps { get; init; }
    public required long ExpectedMcps { get; init; }
    public long DeadLettered { get; init; }
    public required TimeSpan Elapsed { get; init; }
    public required TimeSpan LatencyP50 { get; init; }
    public required TimeSpan LatencyP99 { get; init; }
    public required TimeSpan LatencyMax { get; init; }
    /// <summary>p99 of the events acknowledged after the first <see cref="WorkerProbe.WarmUp"/>; null when not measured.</summary>
    public TimeSpan? SteadyLatencyP99 { get; init; }
    public TimeSpan? SteadyLatencyP50 { get; init; }
    public long SteadyLatencyCount { get; init; }
    public required MemoryFigures Memory { get; init; }
    public required ProcessActivity Activity { get; init; }

    /// <summary>How busy the machine was over the measured span, this process and the others.</summary>
    public MachineLoad Load { get; init; }

    /// <summary>The same per interval (<see cref="TimelineInterval"/>) over the measured span.</summary>
    public IReadOnlyList<MachineLoad> Timeline { get; init; } = [];

    public TimeSpan TimelineInterval { get; init; }

    /// <summary>This process's CPU over the measured span by kind of thread (seconds), largest first.</summary>
    public IReadOnlyList<(string Kind, double Seconds)> Threads { get; init; } = [];

    /// <summary>CPU seconds of the JIT's background compiler over the measured span (not steady-state work).</summary>
    public double JitSeconds => Threads.Where(t => t.Kind.StartsWith("JIT", StringComparison.Ordinal)).Sum(t => t.Seconds);

    /// <summary>
    /// More acknowledged than published: partitions were re-assigned (e.g. a member fenced on a loaded machine) and their
    /// unfinished events consumed again (at-least-once). The counts then cannot prove that every event arrived.
    /// </summary>
    public bool Redelivered => Events > ExpectedEvents || Mcps > ExpectedMcps;

    /// <summary>Every expected event and MCP was acknowledged, nothing was dead-lettered.</summary>
    public bool Complete => Events == ExpectedEvents && Mcps == ExpectedMcps && DeadLettered == 0;

    public double EventsPerSecond => Events / Math.Max(Elapsed.TotalSeconds, 1e-9);

    public double McpsPerSecond => Mcps / Math.Max(Elapsed.TotalSeconds, 1e-9);

    /// <summary>Average cores this process kept busy (CPU time ÷ elapsed), on the machine's shared cores.</summary>
    public double CpuCores => Activity.CpuTime.TotalSeconds / Math.Max(Elapsed.TotalSeconds, 1e-9);

    public double AllocatedBytesPerEvent => Activity.AllocatedBytes / (double)Math.Max(Events, 1);
}
