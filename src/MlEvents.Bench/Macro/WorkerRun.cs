using System.Diagnostics;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using MlEvents.Bench.Measurement;
using MlEvents.Worker;
using MlEvents.Worker.Diagnostics;
using MlEvents.Translation;

namespace MlEvents.Bench.Macro;

/// <summary>
/// Runs the real worker host (<c>AddMlEventsWorker</c> + <c>AddMlEventsTranslation</c>, Avro through the registry) in this
/// process until it has acknowledged every expected event and MCP, measuring through the worker's own instruments.
/// </summary>
public static class WorkerRun
{
    public static async Task<RunFigures> RunAsync(
        WorkerRunRequest request, TextWriter progress, Func<CancellationToken, Task>? whileRunning = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(progress);
        using var host = BuildHost(request);
        // With the REST sink the acknowledged MCPs are those GMS accepted (topic label datahub-gms).
        var restSink = request.Settings.TryGetValue("DataHub:Sink", out var sink) && string.Equals(sink, "Rest", StringComparison.OrdinalIgnoreCase);
        using var probe = new WorkerProbe(host.Services.GetRequiredService<IMeterFactory>(), restSink ? WorkerMetrics.GmsTarget : request.McpTopic);
        using var sampler = new MemorySampler(() => probe.AckedEvents / (double)Math.Max(1, request.ExpectedEvents), TimeSpan.FromMilliseconds(250));

        await host.StartAsync(cancellationToken).ConfigureAwait(false);
        var feeding = whileRunning?.Invoke(cancellationToken) ?? Task.CompletedTask;
        using var timeline = new CpuTimeline(PassthroughRun.TimelineInterval);
        ProcessActivity? atFirstEvent = null;
        CpuSnapshot cpuAtFirst = default;
        ThreadCpu? threadsAtFirst = null;
        var deadline = Stopwatch.StartNew();
        var lastReport = Stopwatch.StartNew();
        while (probe.AckedEvents < request.ExpectedEvents || probe.AckedMcps < request.ExpectedMcps)
        {
            if (deadline.Elapsed > request.Timeout || feeding.IsFaulted)
            {
                await progress.WriteLineAsync($"  {request.Name}: gave up after {deadline.Elapsed.TotalSeconds:0} s").ConfigureAwait(false);
                break;
            }

            if (atFirstEvent is null && probe.FirstConsumedAt != 0)
            {
                atFirstEvent = ProcessActivity.Now();
                cpuAtFirst = CpuSnapshot.Now();
                threadsAtFirst = ThreadCpu.Now();
                timeline.Restart();
            }

            if (lastReport.Elapsed > TimeSpan.FromSeconds(5))
            {
                lastReport.Restart();
                await progress.WriteLineAsync(
                    $"  {request.Name}: {probe.AckedEvents:N0}/{request.ExpectedEvents:N0} events, {probe.AckedMcps:N0}/{request.ExpectedMcps:N0} MCPs acknowledged, "
                    + $"working set {MemoryFigures.Mib(Environment.WorkingSet)}").ConfigureAwait(false);
            }

            await Task.Delay(10, cancellationToken).ConfigureAwait(false);
        }

        var activity = ProcessActivity.Now() - (atFirstEvent ?? ProcessActivity.Now());
        var threads = ThreadCpu.Between(threadsAtFirst ?? ThreadCpu.Now(), ThreadCpu.Now(), activity.CpuTime);
        var load = MachineLoad.Between(atFirstEvent is null ? CpuSnapshot.Now() : cpuAtFirst, CpuSnapshot.Now());
        sampler.Sample();
        var memory = sampler.Figures();
        await feeding.ConfigureAwait(false);
        await host.StopAsync(CancellationToken.None).ConfigureAwait(false);

        return new RunFigures
        {
            Name = request.Name,
            Events = probe.AckedEvents,
            ExpectedEvents = request.ExpectedEvents,
            Mcps = probe.AckedMcps,
            ExpectedMcps = request.ExpectedMcps,
            DeadLettered = probe.DeadLettered,
            Elapsed = probe.FirstConsumedAt == 0 ? TimeSpan.Zero : Stopwatch.GetElapsedTime(probe.FirstConsumedAt, probe.LastAckAt),
            LatencyP50 = probe.ConsumeToAck.Percentile(0.50),
            LatencyP99 = probe.ConsumeToAck.Percentile(0.99),
            LatencyMax = probe.ConsumeToAck.Max,
            SteadyLatencyP50 = probe.SteadyConsumeToAck.Count > 0 ? probe.SteadyConsumeToAck.Percentile(0.50) : null,
            SteadyLatencyP99 = probe.SteadyConsumeToAck.Count > 0 ? probe.SteadyConsumeToAck.Percentile(0.99) : null,
            SteadyLatencyCount = probe.SteadyConsumeToAck.Count,
            Memory = memory,
            Activity = activity,
            Load = load,
            Timeline = timeline.Intervals(),
            TimelineInterval = timeline.Interval,
            Threads = threads,
        };
    }

    private static IHost BuildHost(WorkerRunRequest request)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(request.Configuration());
        builder.Logging.AddSimpleConsole(console => console.SingleLine = true).SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddMlEventsWorker(builder.Configuration);
        builder.Services.AddMlEventsTranslation(builder.Configuration);
        return builder.Build();
    }
}
