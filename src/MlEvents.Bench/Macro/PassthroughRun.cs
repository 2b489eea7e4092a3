using System.Diagnostics;
using Confluent.Kafka;
using MlEvents.Bench.Measurement;
using MlEvents.Worker.Configuration;

namespace MlEvents.Bench.Macro;

/// <summary>
/// The baseline: consume pre-serialised MCP records and produce them unchanged, with the consumer and producer settings
/// the worker's <see cref="KafkaClientConfigs"/> builds from the same configuration. No decoding, conversion or
/// encoding: what Kafka and librdkafka alone allow on this machine.
/// </summary>
public static class PassthroughRun
{
    internal static readonly TimeSpan TimelineInterval = TimeSpan.FromMilliseconds(500);

    public static async Task<RunFigures> RunAsync(
        WorkerRunRequest request, TextWriter progress, Func<CancellationToken, Task>? whileRunning = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(progress);
        var configs = ClientSettings.ConfigsFor(request);

        var latency = new LatencyHistogram();
        var steadyLatency = new LatencyHistogram();
        long acked = 0, failed = 0, firstConsumed = 0, lastAck = 0;
        using var sampler = new MemorySampler(() => Interlocked.Read(ref acked) / (double)Math.Max(1, request.ExpectedMcps), TimeSpan.FromMilliseconds(250));
        using var producer = new ProducerBuilder<byte[]?, byte[]?>(configs.Producer()).SetLogHandler((_, _) => { }).Build();
        using var consumer = new ConsumerBuilder<byte[]?, byte[]?>(configs.Consumer()).SetLogHandler((_, _) => { }).Build();
        consumer.Subscribe(request.EventsTopic);

        using var timeline = new CpuTimeline(TimelineInterval);
        ProcessActivity? atFirst = null;
        CpuSnapshot cpuAtFirst = default;
        ThreadCpu? threadsAtFirst = null;
        var deadline = Stopwatch.StartNew();
        var lastReport = Stopwatch.StartNew();
        long consumed = 0;
        var feeding = whileRunning?.Invoke(cancellationToken) ?? Task.CompletedTask;
        await Task.Factory.StartNew(() =>
        {
            while (Interlocked.Read(ref acked) + Interlocked.Read(ref failed) < request.ExpectedMcps && deadline.Elapsed < request.Timeout)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (consumed == request.ExpectedMcps)
                {
                    Thread.Sleep(1); // everything handed over: wait for the last acknowledgements
                    continue;
                }

                var record = consumer.Consume(TimeSpan.FromMilliseconds(100));
                if (record is null || record.IsPartitionEOF)
                {
                    continue;
                }

                if (consumed++ == 0)
                {
                    firstConsumed = Stopwatch.GetTimestamp();
                    atFirst = ProcessActivity.Now();
                    cpuAtFirst = CpuSnapshot.Now();
                    threadsAtFirst = ThreadCpu.Now();
                    timeline.Restart();
                }

                var consumedAt = Stopwatch.GetTimestamp();
                var message = new Message<byte[]?, byte[]?> { Key = record.Message.Key, Value = record.Message.Value };
                while (true)
                {
                    try
                    {
                        producer.Produce(request.McpTopic, message, report =>
                        {
                            if (report.Error.IsError)
                            {
                                Interlocked.Increment(ref failed);
                                return;
                            }

                            var now = Stopwatch.GetTimestamp();
                            latency.Record(Stopwatch.GetElapsedTime(consumedAt, now));
                            if (Stopwatch.GetElapsedTime(firstConsumed, now) >= WorkerProbe.WarmUp)
                            {
                                steadyLatency.Record(Stopwatch.GetElapsedTime(consumedAt, now));
                            }

                            Interlocked.Increment(ref acked);
                            Interlocked.Exchange(ref lastAck, now);
                        });
                        break;
                    }
                    catch (ProduceException<byte[]?, byte[]?> e) when (e.Error.Code == ErrorCode.Local_QueueFull)
                    {
                        Thread.Sleep(1);
                    }
                }

                if (lastReport.Elapsed > TimeSpan.FromSeconds(5))
                {
                    lastReport.Restart();
                    progress.WriteLine($"  {request.Name}: {Interlocked.Read(ref acked):N0}/{request.ExpectedMcps:N0} MCP records acknowledged");
                }
            }
        }, cancellationToken, TaskCreationOptions.LongRunning, TaskScheduler.Default).ConfigureAwait(false);

        var activity = ProcessActivity.Now() - (atFirst ?? ProcessActivity.Now());
        var threads = ThreadCpu.Between(threadsAtFirst ?? ThreadCpu.Now(), ThreadCpu.Now(), activity.CpuTime);
        var load = MachineLoad.Between(atFirst is null ? CpuSnapshot.Now() : cpuAtFirst, CpuSnapshot.Now());
        sampler.Sample();
        consumer.Close();
        await feeding.ConfigureAwait(false);
        return new RunFigures
        {
            Name = request.Name,
            Events = 0,
            ExpectedEvents = 0,
            Mcps = Interlocked.Read(ref acked),
            ExpectedMcps = request.ExpectedMcps,
            DeadLettered = Interlocked.Read(ref failed),
            Elapsed = firstConsumed == 0 ? TimeSpan.Zero : Stopwatch.GetElapsedTime(firstConsumed, Interlocked.Read(ref lastAck)),
            LatencyP50 = latency.Percentile(0.50),
            LatencyP99 = latency.Percentile(0.99),
            LatencyMax = latency.Max,
            SteadyLatencyP50 = steadyLatency.Count > 0 ? steadyLatency.Percentile(0.50) : null,
            SteadyLatencyP99 = steadyLatency.Count > 0 ? steadyLatency.Percentile(0.99) : null,
            SteadyLatencyCount = steadyLatency.Count,
            Memory = sampler.Figures(),
            Activity = activity,
            Load = load,
            Timeline = timeline.Intervals(),
            TimelineInterval = timeline.Interval,
            Threads = threads,
        };
    }
}
