using MlEvents.Bench.Measurement;
using MlEvents.Bench.Workload;

namespace MlEvents.Bench.Macro;

public sealed record MacroResult(
    MacroOptions Options, int Partitions, FeedResult Feed, RunFigures? Passthrough, RunFigures Worker, RunFigures? Paced)
{
    /// <summary>The passthrough on the paced run's MCP records at the same input rate; null when skipped.</summary>
    public RunFigures? PacedPassthrough { get; init; }

    /// <summary>Worker MCPs/s ÷ passthrough MCPs/s; null without a passthrough run.</summary>
    public double? Ratio => Passthrough is { McpsPerSecond: > 0 } p ? Worker.McpsPerSecond / p.McpsPerSecond : null;
}
