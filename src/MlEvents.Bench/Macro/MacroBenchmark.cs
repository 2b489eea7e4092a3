using MlEvents.Bench.Measurement;
using MlEvents.Bench.Workload;
using MlEvents.Conversion;
using MlEvents.Embedded;
using Confluent.SchemaRegistry;
using Confluent.SchemaRegistry.Serdes;

namespace MlEvents.Bench.Macro;

/// <summary>
/// One run on the embedded cluster and registry, in this process: (1) the raw passthrough baseline on the MCP records the
/// worker would produce, (2) the real worker on the same events, (3) optionally the worker at a fixed input rate for latency.
/// Every input topic is audited before use: nothing may have been dropped by the mock's retention cap.
/// </summary>
public static class MacroBenchmark
{
    private const string EventsTopic = "bench.events";
    private const string McpTopic = "bench.mcps";
    private const string DeadLetterTopic = "bench.dlq";
    private const string PassthroughIn = "bench.passthrough.in";
    private const string PassthroughOut = "bench.passthrough.out";
    private const string PacedEventsTopic = "bench.paced.events";
    private const string PacedMcpTopic = "bench.paced.mcps";
    private const string PacedDeadLetterTopic = "bench.paced.dlq";
    private const string PacedPassthroughEvents = "bench.paced.passthrough.events";
    private const string PacedPassthroughIn = "bench.paced.passthrough.in";
    private const string PacedPassthroughOut = "bench.paced.passthrough.out";
    private const string WarmupEvents = "bench.warmup.events";
    private const string WarmupMcps = "bench.warmup.mcps";
    private const string WarmupPassthroughIn = "bench.warmup.passthrough.in";
    private const string WarmupPassthroughOut = "bench.warmup.passthrough.out";

    public static async Task<MacroResult> RunAsync(MacroOptions options, TextWriter output, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(output);
        var factory = new EventFactory(EventMix.Parse(options.Mix));
        var converter = new EventConverter(new ConversionOptions());
        var sizes = WorkloadSizes.Sample(factory, converter);
        var partitions = options.Partitions ?? sizes.PartitionsFor(options.Events, withPassthrough: !options.SkipPassthrough);
        var pacedEvents = (long)(options.Rate * options.PacedDuration.TotalSeconds);

        await output.WriteLineAsync($"MlEvents macro benchmark: {MachineInfo.Describe()}").ConfigureAwait(false);
        await output.WriteLineAsync(
            $"Workload: {options.Events:N0} events ({factory.Mix}), ~{sizes.EventBytes:0} B/event, {sizes.McpsPerEvent:0.00} MCPs/event, "
            + $"~{sizes.McpBytes:0} B/MCP; {partitions} partitions per topic").ConfigureAwait(false);

        using var cluster = new EmbeddedKafkaCluster();
        foreach (var topic in new[] { EventsTopic, McpTopic, DeadLetterTopic, PassthroughIn, PassthroughOut })
        {
            cluster.CreateTopic(topic, partitions);
        }

        foreach (var topic in new[] { PacedEventsTopic, PacedMcpTopic, PacedDeadLetterTopic, PacedPassthroughEvents, PacedPassthroughIn, PacedPassthroughOut })
        {
            cluster.CreateTopic(topic, options.PacedPartitions);
        }

        var warmupPartitions = sizes.PartitionsFor(options.WarmupEvents);
        foreach (var topic in new[] { WarmupEvents, WarmupMcps, WarmupPassthroughIn, WarmupPassthroughOut })
        {
            cluster.CreateTopic(topic, warmupPartitions);
        }

        await using var registry = await EmbeddedSchemaRegistry.StartNewAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        await using var gms = UsesRestSink(options) ? await EmbeddedGms.StartNewAsync(cancellationToken: cancellationToken).ConfigureAwait(false) : null;
        if (gms is not null)
        {
            // --set DataHub:Sink=Rest: the worker posts its MCPs to the GMS stand-in in this process (whose AspectStore
            // work shares the cores), instead of producing them to the MCP topic.
            options = options with { Settings = new Dictionary<string, string>(options.Settings) { ["DataHub:Rest:ServerUrl"] = gms.Url } };
            await output.WriteLineAsync($"REST sink: MCPs go to the in-process GMS stand-in at {gms.Url} (POST /aspects?action=ingestProposalBatch)").ConfigureAwait(false);
        }

        using var registryClient = new CachedSchemaRegistryClient(new SchemaRegistryConfig { Url = registry.Url });
        using var feeder = new EventFeeder(cluster.BootstrapServers, registryClient, converter);

        var feed = await feeder.PublishAsync(
            factory, 0, options.Events, EventsTopic, passthroughTopic: options.SkipPassthrough ? null : PassthroughIn, mcpTopic: McpTopic,
            cancellationToken: cancellationToken).ConfigureAwait(false);
        var expectedMcps = options.SkipPassthrough ? CountMcps(factory, converter, 0, options.Events) : feed.Mcps;
        TopicAudit.Require(cluster.BootstrapServers, EventsTopic, partitions, options.Events);
        if (!options.SkipPassthrough)
        {
            TopicAudit.Require(cluster.BootstrapServers, PassthroughIn, partitions, feed.Mcps);
        }

        await output.WriteLineAsync(
            $"Published in {feed.Elapsed.TotalSeconds:0.0} s: {feed.Events:N0} events (avg {feed.AverageEventBytes:0} B)"
            + (options.SkipPassthrough ? "" : $", {feed.Mcps:N0} passthrough MCP records (avg {feed.AverageMcpBytes:0} B)")
            + "; audited: nothing dropped by retention").ConfigureAwait(false);

        await output.WriteLineAsync(ClientSettings.Describe(Request("settings", cluster, registry, EventsTopic, McpTopic, DeadLetterTopic, 0, 0, options))).ConfigureAwait(false);
        if (options.WarmupEvents > 0)
        {
            await WarmUpAsync(options, factory, feeder, cluster, registry, pacedEvents, output, cancellationToken).ConfigureAwait(false);
        }

        RunFigures? passthrough = null;
        if (!options.SkipPassthrough)
        {
            passthrough = await PassthroughRun.RunAsync(Request("passthrough", cluster, registry, PassthroughIn, PassthroughOut, DeadLetterTopic, 0, feed.Mcps, options),
                output, cancellationToken: cancellationToken).ConfigureAwait(false);
        }

        var worker = await WorkerRun.RunAsync(Request("worker", cluster, registry, EventsTopic, McpTopic, DeadLetterTopic, options.Events, expectedMcps, options),
            output, cancellationToken: cancellationToken).ConfigureAwait(false);

        RunFigures? paced = null;
        if (pacedEvents > 0)
        {
            var pacedMcps = CountMcps(factory, converter, options.Events, pacedEvents);
            paced = await WorkerRun.RunAsync(
                Request($"worker paced at {options.Rate:0}/s", cluster, registry, PacedEventsTopic, PacedMcpTopic, PacedDeadLetterTopic, pacedEvents, pacedMcps, options),
                output,
                ct => feeder.PublishAsync(factory, options.Events, pacedEvents, PacedEventsTopic, options.Rate, cancellationToken: ct),
                cancellationToken).ConfigureAwait(false);
        }

        RunFigures? pacedPassthrough = null;
        if (pacedEvents > 0 && !options.SkipPassthrough)
        {
            // The same MCP records at the same pace, moved unchanged: the latency Kafka and librdkafka alone give here.
            var pacedMcps = CountMcps(factory, converter, options.Events, pacedEvents);
            pacedPassthrough = await PassthroughRun.RunAsync(
                Request($"passthrough paced at {options.Rate:0}/s", cluster, registry, PacedPassthroughIn, PacedPassthroughOut, PacedDeadLetterTopic, 0, pacedMcps, options),
                output,
                ct => feeder.PublishAsync(factory, options.Events, pacedEvents, PacedPassthroughEvents, options.Rate, PacedPassthroughIn, PacedMcpTopic, ct),
                cancellationToken).ConfigureAwait(false);
        }

        var result = new MacroResult(options, partitions, feed, passthrough, worker, paced) { PacedPassthrough = pacedPassthrough };
        await output.WriteAsync(MacroReport.Format(result)).ConfigureAwait(false);
        return result;
    }

    /// <summary>Both sides once over a small workload of their own, unmeasured: JIT, connections, registry caches.</summary>
    private static async Task WarmUpAsync(
        MacroOptions options, EventFactory factory, EventFeeder feeder, EmbeddedKafkaCluster cluster, EmbeddedSchemaRegistry registry,
        long pacedEvents, TextWriter output, CancellationToken cancellationToken)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var first = options.Events + pacedEvents;
        var feed = await feeder.PublishAsync(
            factory, first, options.WarmupEvents, WarmupEvents, passthroughTopic: options.SkipPassthrough ? null : WarmupPassthroughIn, mcpTopic: WarmupMcps,
            cancellationToken: cancellationToken).ConfigureAwait(false);
        if (!options.SkipPassthrough)
        {
            await PassthroughRun.RunAsync(
                Request("warm-up passthrough", cluster, registry, WarmupPassthroughIn, WarmupPassthroughOut, DeadLetterTopic, 0, feed.Mcps, options),
                TextWriter.Null, cancellationToken: cancellationToken).ConfigureAwait(false);
        }

        var mcps = options.SkipPassthrough ? CountMcps(factory, new EventConverter(new ConversionOptions()), first, options.WarmupEvents) : feed.Mcps;
        var worker = await WorkerRun.RunAsync(
            Request("warm-up worker", cluster, registry, WarmupEvents, WarmupMcps, DeadLetterTopic, options.WarmupEvents, mcps, options),
            TextWriter.Null, cancellationToken: cancellationToken).ConfigureAwait(false);
        await output.WriteLineAsync(
            $"Warm-up (not measured: JIT, connections, registry caches): {(options.SkipPassthrough ? "" : "passthrough and ")}worker on "
            + $"{options.WarmupEvents:N0} events of their own, {clock.Elapsed.TotalSeconds:0.0} s{(worker.Complete ? "" : " (INCOMPLETE)")}").ConfigureAwait(false);
    }

    private static WorkerRunRequest Request(
        string name, EmbeddedKafkaCluster cluster, EmbeddedSchemaRegistry registry, string input, string output, string deadLetter,
        long events, long mcps, MacroOptions options) => new()
        {
            Name = name,
            BootstrapServers = cluster.BootstrapServers,
            SchemaRegistryUrl = registry.Url,
            EventsTopic = input,
            McpTopic = output,
            DeadLetterTopic = deadLetter,
            GroupId = $"bench-{name.Split(' ')[0]}-{input}",
            ExpectedEvents = events,
            ExpectedMcps = mcps,
            Settings = options.Settings,
        };

    private static bool UsesRestSink(MacroOptions options) =>
        options.Settings.TryGetValue("DataHub:Sink", out var sink) && string.Equals(sink, "Rest", StringComparison.OrdinalIgnoreCase);

    private static long CountMcps(EventFactory factory, EventConverter converter, long first, long count)
    {
        long mcps = 0;
        for (var i = first; i < first + count; i++)
        {
            mcps += converter.Convert(factory.Create(i)).Count;
        }

        return mcps;
    }
}
