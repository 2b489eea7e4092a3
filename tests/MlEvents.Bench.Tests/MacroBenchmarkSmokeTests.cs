using MlEvents.Bench.Macro;
using MlEvents.Bench.Workload;
using MlEvents.Conversion;

namespace MlEvents.Bench.Tests;

/// <summary>The macro benchmark end to end on a tiny workload: everything acknowledged, sane figures, a report. Not timed.</summary>
public sealed class MacroBenchmarkSmokeTests
{
    [Fact]
    public async Task Tiny_run_acknowledges_every_event_and_mcp_and_reports_sane_figures()
    {
        var options = new MacroOptions { Events = 300, Rate = 100, PacedDuration = TimeSpan.FromSeconds(1), WarmupEvents = 200 };
        var output = new StringWriter();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));

        var result = await MacroBenchmark.RunAsync(options, output, timeout.Token);

        var factory = new EventFactory(EventMix.Parse(options.Mix));
        var converter = new EventConverter(new ConversionOptions());
        var expectedMcps = Enumerable.Range(0, 300).Sum(i => converter.Convert(factory.Create(i)).Count);
        Assert.Equal(expectedMcps, result.Feed.Mcps);

        var passthrough = Assert.IsType<Measurement.RunFigures>(result.Passthrough);
        Assert.True(passthrough.Complete, $"passthrough acknowledged {passthrough.Mcps}/{passthrough.ExpectedMcps}");
        Assert.True(result.Worker.Complete, $"worker acknowledged {result.Worker.Events} events, {result.Worker.Mcps}/{result.Worker.ExpectedMcps} MCPs");
        Assert.Equal(300, result.Worker.Events);
        Assert.Equal(expectedMcps, result.Worker.Mcps);

        var paced = Assert.IsType<Measurement.RunFigures>(result.Paced);
        Assert.True(paced.Complete);
        Assert.Equal(100, paced.Events);

        var pacedPassthrough = Assert.IsType<Measurement.RunFigures>(result.PacedPassthrough);
        Assert.True(pacedPassthrough.Complete);
        Assert.Equal(paced.Mcps, pacedPassthrough.Mcps);

        foreach (var run in new[] { passthrough, result.Worker, paced, pacedPassthrough })
        {
            Assert.True(run.Elapsed > TimeSpan.Zero, run.Name);
            Assert.True(run.McpsPerSecond > 0, run.Name);
            Assert.True(run.LatencyP50 > TimeSpan.Zero && run.LatencyP50 <= run.LatencyP99 && run.LatencyP99 <= run.LatencyMax, run.Name);
            Assert.True(run.Memory.PeakWorkingSetBytes >= run.Memory.SteadyWorkingSetBytes && run.Memory.SteadyWorkingSetBytes > 0, run.Name);
        }

        Assert.True(result.Worker.EventsPerSecond > 0);
        Assert.True(result.Ratio > 0);
        var report = output.ToString();
        Assert.Contains("input events/s", report, StringComparison.Ordinal);
        Assert.Contains("worker/passthrough = ", report, StringComparison.Ordinal);
        Assert.Contains("Paced at 100 events/s", report, StringComparison.Ordinal);
        Assert.Contains("Passthrough of the same MCP records at the same pace", report, StringComparison.Ordinal);
        Assert.DoesNotContain("INCOMPLETE", report, StringComparison.Ordinal);
        Assert.Contains("Warm-up (not measured", report, StringComparison.Ordinal);
        Assert.Contains("fetch.queue.backoff.ms=10", report, StringComparison.Ordinal); // both sides' settings, printed
        Assert.Contains("other processes (cores busy)", report, StringComparison.Ordinal);
        Assert.Contains("Worker CPU by thread: ", report, StringComparison.Ordinal);
        Assert.True(result.Worker.Load.Cores == Environment.ProcessorCount && result.Worker.Load.OwnCores > 0, $"{result.Worker.Load}");
        Assert.True(result.Worker.Threads.Sum(t => t.Seconds) > 0, "CPU by thread measured");
    }
}
