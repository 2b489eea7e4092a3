using System.Diagnostics;
using MlEvents.Bench.Workload;
using MlEvents.Conversion;

namespace MlEvents.Bench.Micro;

/// <summary>
/// <c>loop --type RunFinished --seconds 10</c>: converts one event type in a tight loop and prints µs/op and bytes/op —
/// a target to attach <c>dotnet-trace collect --profile cpu-sampling</c> to, and a quick check without BenchmarkDotNet.
/// </summary>
public static class HotLoop
{
    public static readonly string[] OptionNames = ["type", "seconds"];

    public static int Run(BenchArguments arguments, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        ArgumentNullException.ThrowIfNull(output);
        var type = arguments.Text("type") ?? "RunFinished";
        var duration = TimeSpan.FromSeconds(arguments.Double("seconds", 10));
        var converter = new EventConverter(new ConversionOptions());
        var events = Enumerable.Range(0, 64).Select(i => EventFactory.Create(i, type)).ToArray();
        var clock = Stopwatch.StartNew();
        var allocated = GC.GetAllocatedBytesForCurrentThread();
        long operations = 0, mcps = 0;
        while (clock.Elapsed < duration)
        {
            mcps += converter.Convert(events[operations++ % events.Length]).Count;
        }

        allocated = GC.GetAllocatedBytesForCurrentThread() - allocated;
        output.WriteLine($"{type}: {operations:N0} conversions, {clock.Elapsed.TotalMicroseconds / operations:0.0} µs and {allocated / operations:N0} B each, "
            + $"{mcps / (double)operations:0.0} MCPs each; GC gen0/1/2 {GC.CollectionCount(0)}/{GC.CollectionCount(1)}/{GC.CollectionCount(2)}, "
            + $"GC pauses {GC.GetTotalPauseDuration().TotalMilliseconds:N0} ms of {clock.Elapsed.TotalMilliseconds:N0} ms");
        return 0;
    }
}
