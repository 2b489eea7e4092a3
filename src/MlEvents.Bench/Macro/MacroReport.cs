using System.Globalization;
using System.Text;
using MlEvents.Bench.Measurement;

namespace MlEvents.Bench.Macro;

/// <summary>The side-by-side table of a macro run, with the targets of issues 6 and 13, and warnings when a figure cannot be trusted.</summary>
public static class MacroReport
{
    public static string Format(MacroResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var p = result.Passthrough;
        var w = result.Worker;
        var text = new StringBuilder();
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"{"",-28} {"passthrough",16} {"worker",16}   target");
        Row(text, "input events/s", "-", Rate(w.EventsPerSecond), $">= 30,000  {Verdict(w.EventsPerSecond >= 30_000)}");
        Row(text, "MCPs/s", p is null ? "-" : Rate(p.McpsPerSecond), Rate(w.McpsPerSecond),
            result.Ratio is { } ratio ? $"worker/passthrough = {ratio:P0} (>= 50 %  {Verdict(ratio >= 0.5)})" : "");
        Row(text, "records acknowledged", p is null ? "-" : $"{p.Mcps:N0}/{p.ExpectedMcps:N0}", $"{w.Events:N0} ev, {w.Mcps:N0}/{w.ExpectedMcps:N0}",
            (p?.Complete ?? true) && w.Complete ? "complete" : w.Redelivered ? "RE-DELIVERED (partitions re-assigned: duplicates)" : "INCOMPLETE");
        Row(text, "elapsed (first consume->last ack)", p is null ? "-" : Seconds(p.Elapsed), Seconds(w.Elapsed), "");
        Row(text, "consume->ack p50 / p99", p is null ? "-" : Latency(p), Latency(w), "(backlog: includes queueing)");
        Row(text, "peak / steady GC heap", p is null ? "-" : Heap(p.Memory), Heap(w.Memory), "");
        Row(text, "peak / steady working set", p is null ? "-" : WorkingSet(p.Memory), WorkingSet(w.Memory), "(includes the in-process mock cluster)");
        var cores = Environment.ProcessorCount;
        Row(text, "CPU (cores busy)", p is null ? "-" : $"{p.CpuCores:0.00}", $"{w.CpuCores:0.00}",
            $"worker >= {BusyTarget * cores:0.0} of {cores}  {Verdict(w.CpuCores >= BusyTarget * cores)} (this process, mock brokers included)");
        Row(text, "other processes (cores busy)", p is null ? "-" : Others(p.Load), Others(w.Load), "(machine busy minus this process, /proc/stat)");
        Row(text, "CPU time / MCP", p is null ? "-" : $"{CpuMicros(p, p.Mcps):0.0} µs", $"{CpuMicros(w, w.Mcps):0.0} µs",
            p is null ? "" : $"worker/passthrough = {CpuMicros(w, w.Mcps) / Math.Max(CpuMicros(p, p.Mcps), 1e-9):0.00}x (everything, JIT included)");
        var steadyRatio = p is null ? (double?)null : SteadyCpuMicros(w, w.Mcps) / Math.Max(SteadyCpuMicros(p, p.Mcps), 1e-9);
        Row(text, "  without the JIT compiler", p is null ? "-" : $"{SteadyCpuMicros(p, p.Mcps):0.0} µs", $"{SteadyCpuMicros(w, w.Mcps):0.0} µs",
            steadyRatio is { } r ? $"worker/passthrough = {r:0.00}x (<= {CpuRatioTarget:0}x  {Verdict(r <= CpuRatioTarget)}; steady state of a long-running worker)" : "");
        Row(text, "CPU time / input event", "-", $"{CpuMicros(w, w.Events):0.0} µs",
            $"=> {cores * 1_000_000 / Math.Max(CpuMicros(w, w.Events), 1e-9):N0} events/s if the process had {cores} cores to itself");
        Row(text, "allocated / MCP", p is null ? "-" : $"{p.Activity.AllocatedBytes / (double)Math.Max(1, p.Mcps):N0} B",
            $"{w.Activity.AllocatedBytes / (double)Math.Max(1, w.Mcps):N0} B", $"GC gen0/1/2 in worker run: {w.Activity.Gen0}/{w.Activity.Gen1}/{w.Activity.Gen2}");
        text.AppendLine();
        if (p is not null)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"Passthrough CPU {CpuTimeline.Format(p.Timeline, p.TimelineInterval)}");
        }

        text.AppendLine(CultureInfo.InvariantCulture, $"Worker CPU {CpuTimeline.Format(w.Timeline, w.TimelineInterval)}");
        if (p is not null)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"Passthrough CPU by thread: {ThreadCpu.Format(p.Threads)}");
        }

        text.AppendLine(CultureInfo.InvariantCulture, $"Worker CPU by thread: {ThreadCpu.Format(w.Threads)}");
        foreach (var warning in Warnings(p).Concat(Warnings(w)))
        {
            text.AppendLine(warning);
        }

        if (result.Paced is { } paced)
        {
            text.AppendLine();
            text.AppendLine(CultureInfo.InvariantCulture,
                $"Paced at {result.Options.Rate:N0} events/s ({paced.ExpectedEvents:N0} events, {result.Options.PacedPartitions} partitions): "
                + $"{paced.Events:N0} events / {paced.Mcps:N0} MCPs acknowledged{(paced.Complete ? "" : " (INCOMPLETE)")}, "
                + $"consume->ack p50 {Ms(paced.LatencyP50)}, p99 {Ms(paced.LatencyP99)}, max {Ms(paced.LatencyMax)}; "
                + $"after the first {WorkerProbe.WarmUp.TotalSeconds:0} s ({paced.SteadyLatencyCount:N0} events): p50 {Ms(paced.SteadyLatencyP50 ?? TimeSpan.Zero)}, "
                + $"p99 {Ms(paced.SteadyLatencyP99 ?? TimeSpan.Zero)} "
                + $"(target p99 <= 50 ms  {Verdict((paced.SteadyLatencyP99 ?? paced.LatencyP99) <= TimeSpan.FromMilliseconds(50))}); "
                + $"steady GC heap {MemoryFigures.Mib(paced.Memory.SteadyHeapBytes)}, CPU {paced.CpuCores:0.00} cores, other processes {Others(paced.Load)} cores");
        }

        if (result.PacedPassthrough is { } pacedPassthrough)
        {
            text.AppendLine(CultureInfo.InvariantCulture,
                $"Passthrough of the same MCP records at the same pace: {pacedPassthrough.Mcps:N0}/{pacedPassthrough.ExpectedMcps:N0} acknowledged, "
                + $"consume->ack p50 {Ms(pacedPassthrough.LatencyP50)}, p99 {Ms(pacedPassthrough.LatencyP99)}, max {Ms(pacedPassthrough.LatencyMax)}; "
                + $"after the first {WorkerProbe.WarmUp.TotalSeconds:0} s: p50 {Ms(pacedPassthrough.SteadyLatencyP50 ?? TimeSpan.Zero)}, "
                + $"p99 {Ms(pacedPassthrough.SteadyLatencyP99 ?? TimeSpan.Zero)} (per MCP record, not per event)");
        }

        text.AppendLine(CultureInfo.InvariantCulture, $"Load average at the end: {MachineInfo.LoadAverage()}");
        return text.ToString();
    }

    /// <summary>Share of the cores a side must keep busy to count as limited by CPU (issue 13: 1.5 of 2).</summary>
    public const double BusyTarget = 0.75;

    /// <summary>Worker CPU per MCP may be at most this many times the passthrough's (issue 13).</summary>
    public const double CpuRatioTarget = 2.0;

    /// <summary>Other processes busier than this (cores) make a run's figures disturbed.</summary>
    public const double DisturbedAbove = 0.2;

    /// <summary>
    /// A side whose process kept fewer than <see cref="BusyTarget"/> of the cores busy while cores stayed idle was waiting,
    /// not computing: its rate says nothing about what the machine allows. Other processes' load disturbs any figure.
    /// </summary>
    public static IEnumerable<string> Warnings(RunFigures? run)
    {
        if (run is null)
        {
            yield break;
        }

        var load = run.Load;
        if (load.Known && load.OthersCores > DisturbedAbove)
        {
            yield return string.Create(CultureInfo.InvariantCulture,
                $"WARNING: {run.Name}: other processes kept {load.OthersCores:0.00} of {load.Cores} cores busy meanwhile: its figures are disturbed; rerun on an idle machine.");
        }

        var idle = load.Known ? load.IdleCores : load.Cores - run.CpuCores;
        if (run.CpuCores < BusyTarget * load.Cores && idle > (1 - BusyTarget) * load.Cores)
        {
            yield return string.Create(CultureInfo.InvariantCulture,
                $"WARNING: {run.Name} was not limited by CPU: it kept {run.CpuCores:0.00} of {load.Cores} cores busy while {idle:0.00} stayed idle; it waited (fetch back-off, pauses, acknowledgements), so its rate understates what this machine allows.");
        }
    }

    private static string Others(MachineLoad load) => load.Known ? $"{load.OthersCores:0.00}" : "n/a";

    private static void Row(StringBuilder text, string name, string passthrough, string worker, string note) =>
        text.AppendLine(CultureInfo.InvariantCulture, $"{name,-28} {passthrough,16} {worker,16}   {note}");

    private static double CpuMicros(RunFigures figures, long count) => figures.Activity.CpuTime.TotalMicroseconds / Math.Max(1, count);

    private static double SteadyCpuMicros(RunFigures figures, long count) =>
        Math.Max(0, figures.Activity.CpuTime.TotalMicroseconds - figures.JitSeconds * 1e6) / Math.Max(1, count);

    private static string Verdict(bool met) => met ? "met" : "MISSED";

    private static string Rate(double perSecond) => perSecond.ToString("N0", CultureInfo.InvariantCulture);

    private static string Seconds(TimeSpan value) => $"{value.TotalSeconds:0.00} s";

    private static string Ms(TimeSpan value) => $"{value.TotalMilliseconds:0.0} ms";

    private static string Latency(RunFigures figures) => $"{Ms(figures.LatencyP50)} / {Ms(figures.LatencyP99)}";

    private static string Heap(MemoryFigures memory) => $"{MemoryFigures.Mib(memory.PeakHeapBytes)} / {MemoryFigures.Mib(memory.SteadyHeapBytes)}";

    private static string WorkingSet(MemoryFigures memory) => $"{MemoryFigures.Mib(memory.PeakWorkingSetBytes)} / {MemoryFigures.Mib(memory.SteadyWorkingSetBytes)}";
}
