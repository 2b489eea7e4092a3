using System.Globalization;
using MlEvents.Bench.Macro;
using MlEvents.Bench.Measurement;
using MlEvents.Bench.Workload;
using MlEvents.Conversion;

namespace MlEvents.Bench.Memory;

/// <summary>
/// The worker's memory on a large backlog: the cluster (holding every message) lives in a child process
/// (<see cref="ClusterProcess"/>), the real worker host in this one, so this process's heap and working set are the worker's.
/// </summary>
public static class MemoryBenchmark
{
    public static async Task<RunFigures> RunAsync(MemoryOptions options, TextWriter output, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(output);
        var partitions = options.Partitions
            ?? WorkloadSizes.Sample(new EventFactory(EventMix.Parse(options.Mix)), new EventConverter(new ConversionOptions())).PartitionsFor(options.Events, withPassthrough: false);
        await output.WriteLineAsync($"MlEvents memory benchmark: {MachineInfo.Describe()}").ConfigureAwait(false);
        await output.WriteLineAsync($"Starting the cluster process: {options.Events:N0} events ({options.Mix}), {partitions} partitions").ConfigureAwait(false);
        using var cluster = await ClusterProcess.StartAsync(options.Events, options.Mix, partitions, output, cancellationToken).ConfigureAwait(false);
        GC.Collect();
        var before = MemoryFiguresNow();
        await output.WriteLineAsync($"Worker process before start: {before}").ConfigureAwait(false);

        var figures = await WorkerRun.RunAsync(new WorkerRunRequest
        {
            Name = "worker",
            BootstrapServers = cluster.BootstrapServers,
            SchemaRegistryUrl = cluster.RegistryUrl,
            EventsTopic = ClusterProcess.EventsTopic,
            McpTopic = ClusterProcess.McpTopic,
            DeadLetterTopic = ClusterProcess.DeadLetterTopic,
            GroupId = "bench-memory",
            ExpectedEvents = cluster.Events,
            ExpectedMcps = cluster.Mcps,
            Settings = options.Settings,
            Timeout = options.Timeout,
        }, output, cancellationToken: cancellationToken).ConfigureAwait(false);

        await output.WriteLineAsync(Format(figures, options)).ConfigureAwait(false);
        return figures;
    }

    private static string MemoryFiguresNow() =>
        $"GC heap {MemoryFigures.Mib(GC.GetTotalMemory(false))}, working set {MemoryFigures.Mib(Environment.WorkingSet)}";

    private static string Format(RunFigures f, MemoryOptions options)
    {
        var settings = options.Settings.Count == 0 ? "defaults" : string.Join(", ", options.Settings.Select(s => $"{s.Key}={s.Value}"));
        return string.Create(CultureInfo.InvariantCulture, $"""

            Worker on a {f.ExpectedEvents:N0}-event backlog (cluster in its own process; worker settings: {settings}):
              acknowledged          {f.Events:N0}/{f.ExpectedEvents:N0} events, {f.Mcps:N0}/{f.ExpectedMcps:N0} MCPs{(f.Complete ? "" : f.Redelivered ? "  RE-DELIVERED (partitions were re-assigned: duplicates, completeness not proven)" : "  INCOMPLETE")}
              throughput            {f.EventsPerSecond:N0} events/s, {f.McpsPerSecond:N0} MCPs/s over {f.Elapsed.TotalSeconds:0.0} s, CPU {f.CpuCores:0.00} cores
              machine               {f.Load} (the cluster's child process counts as others)
              working set           steady {MemoryFigures.Mib(f.Memory.SteadyWorkingSetBytes)}, peak {MemoryFigures.Mib(f.Memory.PeakWorkingSetBytes)}   (target steady <= 256 MB: {(f.Memory.SteadyWorkingSetBytes <= 256L * 1024 * 1024 ? "met" : "MISSED")})
              GC heap               steady {MemoryFigures.Mib(f.Memory.SteadyHeapBytes)}, peak {MemoryFigures.Mib(f.Memory.PeakHeapBytes)}   ({f.Memory.Samples} samples every 250 ms; steady = median while 25-95 % were acknowledged)
              CPU time              {f.Activity.CpuTime.TotalMicroseconds / Math.Max(1, f.Events):0.0} µs/event (worker process only)
              allocated             {f.AllocatedBytesPerEvent:N0} B/event; GC gen0/1/2 {f.Activity.Gen0}/{f.Activity.Gen1}/{f.Activity.Gen2}
              consume->ack          p50 {f.LatencyP50.TotalMilliseconds:0} ms, p99 {f.LatencyP99.TotalMilliseconds:0} ms (backlog: includes waiting in the partition queues)
            Load average at the end: {MachineInfo.LoadAverage()}
            """);
    }
}
