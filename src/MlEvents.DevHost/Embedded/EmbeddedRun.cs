using System.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using MlEvents.Contracts;
using MlEvents.Conversion;
using MlEvents.DataHub.Mcps;
using System.Diagnostics.Metrics;
using MlEvents.DataHub.Serialization;
using Confluent.SchemaRegistry;
using MlEvents.Worker.Configuration;
using MlEvents.Translation;
using MlEvents.Worker;
using MlEvents.DataHub.Store;
using MlEvents.Worker.Diagnostics;
using MlEvents.Worker.Rejections;

namespace MlEvents.DevHost.Embedded;

/// <summary>
/// The worker's default when no Kafka is configured: Kafka and a schema registry in this process, the worker on them,
/// a scenario published as Avro events, the MCPs read back from the MCP topic and decoded with DataHub's schema,
/// applied to a simulated GMS (which writes what it refuses to the failed-MCP topic, where the worker's monitor counts it),
/// a summary printed and the MCPs written as a DataHub MCP JSON file. With <c>DataHub:Sink=Rest</c> the worker posts the
/// MCPs to a GMS stand-in (<see cref="MlEvents.Embedded.EmbeddedGms"/>, with a token) instead, and the stand-in's state is
/// checked (<see cref="EmbeddedRestRun"/>).
/// </summary>
public static class EmbeddedRun
{
    /// <returns>0 when every expected MCP arrived and matched the converter's output; 1 otherwise; 2 for a bad events file.</returns>
    public static async Task<int> RunAsync(IConfiguration configuration, TextWriter output, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(output);
        var total = Stopwatch.StartNew();
        var options = configuration.GetSection(EmbeddedRunOptions.SectionName).Get<EmbeddedRunOptions>() ?? new EmbeddedRunOptions();
        var worker = configuration.GetSection(WorkerOptions.SectionName).Get<WorkerOptions>() ?? new WorkerOptions();
        var conversion = configuration.GetSection(ConversionOptions.SectionName).Get<ConversionOptions>() ?? new ConversionOptions();

        var eventsFile = options.EventsFile ?? EmbeddedRunOptions.DefaultEventsFile;
        IReadOnlyList<MlEvent> events;
        IReadOnlyList<MetadataChangeProposal> expected;
        try
        {
            events = EventsFile.Read(eventsFile);
            var converter = new EventConverter(conversion);
            expected = events.SelectMany(converter.Convert).ToList();
        }
        catch (Exception e) when (e is FormatException or IOException or EventValidationException or ConversionException or UnauthorizedAccessException)
        {
            await output.WriteLineAsync($"error: cannot use events file \"{eventsFile}\": {e.Message}").ConfigureAwait(false);
            return 2;
        }

        await output.WriteLineAsync("MlEvents embedded run (development: Kafka and the schema registry run inside this process)")
            .ConfigureAwait(false);
        var restSink = WorkerServiceCollectionExtensions.UsesRestSink(configuration);
        await using var environment = await EmbeddedEnvironment.StartAsync(new EmbeddedEnvironmentOptions
        {
            EventsTopic = worker.EventsTopic,
            McpTopic = worker.McpTopic,
            DeadLetterTopic = worker.DeadLetterTopic,
            GmsPort = restSink ? 0 : null,
            GmsToken = restSink ? EmbeddedRestRun.NewToken() : null,
        }, cancellationToken).ConfigureAwait(false);
        await output.WriteLineAsync($"  Kafka (librdkafka mock, {environment.Cluster.Brokers.Count} brokers): {environment.BootstrapServers}").ConfigureAwait(false);
        await output.WriteLineAsync($"  Schema registry: {environment.SchemaRegistryUrl}").ConfigureAwait(false);
        if (environment.Gms is { } standIn)
        {
            await output.WriteLineAsync($"  DataHub GMS stand-in (DataHub:Sink=Rest, token required): {standIn.Url}").ConfigureAwait(false);
        }

        var rejections = configuration.GetSection(RejectionMonitorOptions.SectionName).Get<RejectionMonitorOptions>() ?? new RejectionMonitorOptions();
        environment.Cluster.CreateTopic(rejections.Topic, environment.Options.Partitions);
        await output.WriteLineAsync($"  Topics: {string.Join(", ", environment.Topics.Append(rejections.Topic))} ({environment.Options.Partitions} partitions each)").ConfigureAwait(false);

        using var host = BuildWorkerHost(configuration, environment, options.LogLevel);
        using var rejectedCounter = new CounterTotal(host.Services.GetRequiredService<IMeterFactory>(), WorkerMetrics.MeterName, WorkerMetrics.RejectedMcpsName);
        await host.StartAsync(cancellationToken).ConfigureAwait(false);
        using var registry = new CachedSchemaRegistryClient(new SchemaRegistryConfig { Url = environment.SchemaRegistryUrl });

        var running = Stopwatch.StartNew();
        using (var publisher = new EventPublisher(environment.BootstrapServers, registry))
        {
            await publisher.PublishAsync(worker.EventsTopic, events, cancellationToken).ConfigureAwait(false);
        }

        await output.WriteLineAsync($"  Published {events.Count} events (Avro, subject {worker.EventsTopic}-value) from {eventsFile}").ConfigureAwait(false);
        if (environment.Gms is { } gmsStandIn)
        {
            var rest = await EmbeddedRestRun.CollectAsync(gmsStandIn, host, environment, worker, expected, options.Timeout, running, output, cancellationToken)
                .ConfigureAwait(false);
            return await FinishAsync(rest.Mcps, rest.Problems, options, output, total,
                "OK: DataHub GMS (stand-in) holds exactly what the converter makes of the events", cancellationToken).ConfigureAwait(false);
        }

        var received = await McpTopicReader.ReadAsync(
            environment.BootstrapServers, registry, worker.McpTopic, expected.Count, options.Timeout, cancellationToken).ConfigureAwait(false);
        var elapsed = running.Elapsed;
        // DataHub applies them in arrival order; the summary and the file list them in the converter's order (deterministic).
        var arrived = received.OrderBy(r => r.Timestamp).ThenBy(r => r.Position.Partition.Value).ThenBy(r => r.Position.Offset.Value).Select(r => r.Mcp).ToList();
        var gms = await GmsSimulator.ApplyAsync(arrived, new AspectStore(), environment.BootstrapServers, registry, rejections.Topic, cancellationToken)
            .ConfigureAwait(false);
        var counted = await WaitForCountAsync(rejectedCounter, gms.Refused.Count, options.Timeout, cancellationToken).ConfigureAwait(false);
        await host.StopAsync(CancellationToken.None).ConfigureAwait(false);
        var deadLettered = McpTopicReader.Count(environment.BootstrapServers, worker.DeadLetterTopic);

        var mcps = InConverterOrder(expected, received.Select(r => r.Mcp));
        var schemaIds = string.Join(", ", received.Select(r => r.SchemaId).Distinct());
        await output.WriteLineAsync(
            $"  Worker: {received.Count} of {expected.Count} MCPs arrived on {worker.McpTopic} in {elapsed.TotalSeconds:0.0} s "
            + $"(DataHub MCP Avro, schema id {schemaIds}, keyed by entity URN); {deadLettered} events dead-lettered to {worker.DeadLetterTopic}")
            .ConfigureAwait(false);
        await output.WriteLineAsync(
            $"  DataHub (simulated GMS that, like every DataHub release read, takes PATCH only on aspects with a template): "
            + $"{gms.Applied} MCPs applied, {gms.Refused.Count} refused to {rejections.Topic}; the worker counted {counted} "
            + $"(mlevents_datahub_rejected_mcps_total)").ConfigureAwait(false);
        foreach (var (mcp, error) in gms.Refused)
        {
            var eventId = mcp.SystemMetadata?.Properties?.GetValueOrDefault(SystemMetadataProperties.EventId) ?? "?";
            await output.WriteLineAsync($"    refused: event {eventId}: {mcp.EntityUrn} {mcp.AspectName} {mcp.ChangeType.ToSymbol()}: {error.Split('\n')[0]}")
                .ConfigureAwait(false);
        }

        var problems = Compare(expected, received);
        if (gms.Refused.Count > 0)
        {
            problems.Add($"DataHub would refuse {gms.Refused.Count} MCPs (listed above; `mlevents rejections` lists them on a real cluster): "
                + $"use the default write mode {WriteMode.Standard} unless your GMS applies generic PATCHes");
        }

        if (counted != gms.Refused.Count)
        {
            problems.Add($"the worker's rejection monitor counted {counted} of the {gms.Refused.Count} refused MCPs within {options.Timeout}");
        }

        return await FinishAsync(mcps, problems, options, output, total, "OK: the MCPs on Kafka are exactly what the converter makes of the events", cancellationToken)
            .ConfigureAwait(false);
    }

    /// <summary>The summary of <paramref name="mcps"/>, the MCP file, the problems, and the verdict.</summary>
    private static async Task<int> FinishAsync(
        IReadOnlyList<MetadataChangeProposal> mcps, List<string> problems, EmbeddedRunOptions options, TextWriter output, Stopwatch total, string ok,
        CancellationToken cancellationToken)
    {
        await output.WriteLineAsync().ConfigureAwait(false);
        await output.WriteAsync(McpSummary.Format(mcps)).ConfigureAwait(false);
        await output.WriteLineAsync().ConfigureAwait(false);
        try
        {
            var directory = Path.GetDirectoryName(Path.GetFullPath(options.OutputPath));
            if (!string.IsNullOrEmpty(directory))
            {
                Directory.CreateDirectory(directory);
            }

            await McpJsonFile.WriteAsync(options.OutputPath, mcps, cancellationToken).ConfigureAwait(false);
            await output.WriteLineAsync($"Wrote {mcps.Count} MCPs to {options.OutputPath} (DataHub MCP JSON file; `datahub ingest` with the file source reads it)")
                .ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            problems.Add($"cannot write {options.OutputPath} ({e.Message}); choose another path with --out or Embedded__OutputPath");
        }

        foreach (var problem in problems)
        {
            await output.WriteLineAsync($"error: {problem}").ConfigureAwait(false);
        }

        await output.WriteLineAsync(problems.Count == 0 ? $"{ok} ({total.Elapsed.TotalSeconds:0.0} s in total)." : "FAILED").ConfigureAwait(false);
        return problems.Count == 0 ? 0 : 1;
    }

    /// <summary>
    /// The MCPs in the order the converter made them (arrival order differs between partitions and runs), so the summary
    /// and the written file are the same on every run; anything unexpected comes last, by URN and aspect.
    /// </summary>
    private static List<MetadataChangeProposal> InConverterOrder(IReadOnlyList<MetadataChangeProposal> expected, IEnumerable<MetadataChangeProposal> received)
    {
        var positions = new Dictionary<(string, string, ChangeType, string), Queue<int>>();
        for (var i = 0; i < expected.Count; i++)
        {
            var key = (expected[i].EntityUrn, expected[i].AspectName, expected[i].ChangeType, expected[i].AspectJson);
            if (!positions.TryGetValue(key, out var queue)) positions[key] = queue = new Queue<int>();
            queue.Enqueue(i);
        }

        return [.. received
            .Select(m => (Mcp: m, Position: positions.TryGetValue((m.EntityUrn, m.AspectName, m.ChangeType, m.AspectJson), out var queue) && queue.Count > 0
                ? queue.Dequeue()
                : int.MaxValue))
            .OrderBy(x => x.Position)
            .ThenBy(x => x.Mcp.EntityUrn, StringComparer.Ordinal)
            .ThenBy(x => x.Mcp.AspectName, StringComparer.Ordinal)
            .ThenBy(x => x.Mcp.AspectJson, StringComparer.Ordinal)
            .Select(x => x.Mcp)];
    }

    /// <summary>A worker host on the embedded environment: the user's configuration, then the environment's settings.</summary>
    public static IHost BuildWorkerHost(IConfiguration configuration, EmbeddedEnvironment environment, LogLevel logLevel)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        // Defaults the user's configuration can override: no metrics endpoint for a run of a few seconds.
        builder.Configuration.AddInMemoryCollection(
        [
            KeyValuePair.Create("Metrics:Enabled", (string?)"false"),
            KeyValuePair.Create("Rejections:StartFrom", (string?)nameof(RejectionStartFrom.Earliest)), // a fresh cluster: read it all
        ]);
        builder.Configuration.AddConfiguration(configuration);
        builder.Configuration.AddInMemoryCollection(environment.WorkerSettings.Select(kv => KeyValuePair.Create(kv.Key, (string?)kv.Value)));
        if (environment.Gms is { } gms)
        {
            // The REST sink, if chosen, goes to the stand-in with its token.
            builder.Configuration.AddInMemoryCollection(
            [
                KeyValuePair.Create("DataHub:Rest:ServerUrl", (string?)gms.Url),
                KeyValuePair.Create("DataHub:Rest:Token", environment.Options.GmsToken),
                KeyValuePair.Create("DataHub:Rest:TokenFile", (string?)null),
            ]);
        }

        builder.Logging.AddSimpleConsole(console => console.SingleLine = true).SetMinimumLevel(logLevel);
        // As appsettings.json does for the worker: "not ready while stopping" at the end of a run is not an error.
        builder.Logging.AddFilter("Microsoft.Extensions.Diagnostics.HealthChecks", LogLevel.Critical);
        builder.Services.AddMlEventsWorker(builder.Configuration);
        builder.Services.AddMlEventsTranslation(builder.Configuration);
        builder.Services.AddMlEventsRejectionMonitor(builder.Configuration);
        return builder.Build();
    }

    private static async Task<long> WaitForCountAsync(CounterTotal counter, long expected, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var waited = Stopwatch.StartNew();
        while (counter.Total < expected && waited.Elapsed < timeout)
        {
            await Task.Delay(50, cancellationToken).ConfigureAwait(false);
        }

        return counter.Total;
    }

    /// <summary>Every expected MCP (entity, aspect, change type, value) arrived, keyed by its URN, and nothing else did.</summary>
    private static List<string> Compare(IReadOnlyList<MetadataChangeProposal> expected, IReadOnlyList<ReceivedMcp> received)
    {
        var problems = new List<string>();
        var wrongKeys = received.Count(r => r.Key != r.Mcp.EntityUrn);
        if (wrongKeys > 0)
        {
            problems.Add($"{wrongKeys} MCPs are not keyed by their entity URN");
        }

        var remaining = expected.Select(Identity).GroupBy(x => x).ToDictionary(g => g.Key, g => g.Count());
        var unexpected = 0;
        foreach (var mcp in received)
        {
            var id = Identity(mcp.Mcp);
            if (remaining.TryGetValue(id, out var count) && count > 0)
            {
                remaining[id] = count - 1;
            }
            else
            {
                unexpected++;
            }
        }

        var missing = remaining.Values.Sum();
        if (missing > 0)
        {
            problems.Add($"{missing} expected MCPs did not arrive: {string.Join("; ", remaining.Where(kv => kv.Value > 0).Select(kv => kv.Key).Take(5))}");
        }

        if (unexpected > 0)
        {
            problems.Add($"{unexpected} MCPs arrived that the converter does not make of these events (or arrived twice)");
        }

        return problems;
    }

    private static string Identity(MetadataChangeProposal mcp) => $"{mcp.EntityUrn} {mcp.AspectName} {mcp.ChangeType.ToSymbol()} {mcp.AspectJson}";
}
