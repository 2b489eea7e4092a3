using System.Globalization;
using System.Text;
using MlEvents.Bench.Measurement;

namespace MlEvents.Bench.Macro;

/// <summary>The side-by-side table of a macro run, with the targets of issue 6.</summary>
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
            (p?.Complete ?? true) && w.Complete ? "complete" : "INCOMPLETE");
        Row(text, "elapsed (first consume->last ack)", p is null ? "-" : Seconds(p.Elapsed), Seconds(w.Elapsed), "");
        Row(text, "consume->ack p50 / p99", p is null ? "-" : Latency(p), Latency(w), "(backlog: includes queueing)");
        Row(text, "peak / steady GC heap", p is null ? "-" : Heap(p.Memory), Heap(w.Memory), "");
        Row(text, "peak / steady working set", p is null ? "-" : WorkingSet(p.Memory), WorkingSet(w.Memory), "(includes the in-process mock cluster)");
        Row(text, "CPU (cores busy)", p is null ? "-" : $"{p.CpuCores:0.00}", $"{w.CpuCores:0.00}", $"of {Environment.ProcessorCount}, shared with the mock brokers");
        Row(text, "CPU time / MCP", p is null ? "-" : $"{CpuMicros(p, p.Mcps):0.0} µs", $"{CpuMicros(w, w.Mcps):0.0} µs",
            $"passthrough/worker = {(p is null ? "-" : (CpuMicros(p, p.Mcps) / CpuMicros(w, w.Mcps)).ToString("P0", CultureInfo.InvariantCulture))} (less load-sensitive than wall time)");
        Row(text, "CPU time / input event", "-", $"{CpuMicros(w, w.Events):0.0} µs",
            $"=> {Environment.ProcessorCount * 1_000_000 / Math.Max(CpuMicros(w, w.Events), 1e-9):N0} events/s if the process had {Environment.ProcessorCount} cores to itself");
        Row(text, "allocated / MCP", p is null ? "-" : $"{p.Activity.AllocatedBytes / (double)Math.Max(1, p.Mcps):N0} B",
            $"{w.Activity.AllocatedBytes / (double)Math.Max(1, w.Mcps):N0} B", $"GC gen0/1/2 in worker run: {w.Activity.Gen0}/{w.Activity.Gen1}/{w.Activity.Gen2}");
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
                + $"steady GC heap {MemoryFigures.Mib(paced.Memory.SteadyHeapBytes)}, CPU {paced.CpuCores:0.00} cores");
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

    private static void Row(StringBuilder text, string name, string passthrough, string worker, string note) =>
        text.AppendLine(CultureInfo.InvariantCulture, $"{name,-28} {passthrough,16} {worker,16}   {note}");

    private static double CpuMicros(RunFigures figures, long count) => figures.Activity.CpuTime.TotalMicroseconds / Math.Max(1, count);

    private static string Verdict(bool met) => met ? "met" : "MISSED";

    private static string Rate(double perSecond) => perSecond.ToString("N0", CultureInfo.InvariantCulture);

    private static string Seconds(TimeSpan value) => $"{value.TotalSeconds:0.00} s";

    private static string Ms(TimeSpan value) => $"{value.TotalMilliseconds:0.0} ms";

    private static string Latency(RunFigures figures) => $"{Ms(figures.LatencyP50)} / {Ms(figures.LatencyP99)}";

    private static string Heap(MemoryFigures memory) => $"{MemoryFigures.Mib(memory.PeakHeapBytes)} / {MemoryFigures.Mib(memory.SteadyHeapBytes)}";

    private static string WorkingSet(MemoryFigures memory) => $"{MemoryFigures.Mib(memory.PeakWorkingSetBytes)} / {MemoryFigures.Mib(memory.SteadyWorkingSetBytes)}";
}
