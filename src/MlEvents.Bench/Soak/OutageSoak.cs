using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using MlEvents.Contracts;
using MlEvents.Reliability;
using Confluent.SchemaRegistry;
using Confluent.SchemaRegistry.Serdes;

namespace MlEvents.Bench.Soak;

/// <summary>
/// The worker's own program as an OS process while events stream in; mid-stream the registry goes down for
/// <see cref="SoakOptions.Outage"/> and events written with a schema the worker has never seen (a producer upgraded
/// to an evolved schema, registered before the outage) arrive alongside events of the cached schema. Nothing may be
/// dead-lettered or lost; after the outage everything must arrive.
/// </summary>
internal static class OutageSoak
{
    public static async Task<SoakResult> RunAsync(SoakOptions options, string command, TextWriter output, CancellationToken cancellationToken)
    {
        var c = CultureInfo.InvariantCulture;
        var result = new SoakResult("outage", options.Seed, command);
        var clock = Stopwatch.StartNew();
        output.WriteLine($"soak outage: seed {options.Seed}, registry down {options.Outage.TotalSeconds} s after {options.BeforeOutage.TotalSeconds} s, {options.Rate} events/s");
        await using var env = await StreamEnvironment.StartAsync("soak-outage", options.McpPartitions).ConfigureAwait(false);
        var settings = env.WorkerSettings(CrashSoak.Merge([], options.Settings));

        // The evolved schema (one more optional field) is registered and its events encoded while the registry is up.
        var evolved = JsonNode.Parse(MlEventAvro.SchemaJson)!.AsObject();
        evolved["fields"]!.AsArray().Add(JsonNode.Parse("""{"name":"traceId","type":["null","string"],"default":null}"""));
        var evolvedEvents = SampleEvents.Stream((int)(options.Outage.TotalSeconds * options.Rate / 4) + 1, $"evolved{options.Seed}").ToList();
        var shuffled = new Random(options.Seed);
        var stream = new SoakStream(env, $"cached{options.Seed}", options.Rate);
        using var worker = WorkerProcess.Start(settings);
        using var publishingStop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var publishing = stream.RunAsync(() => false, publishingStop.Token);
        await worker.WaitUntilAsync(() => env.Count(env.McpTopic) > 0, TimeSpan.FromMinutes(3), "the first MCPs", cancellationToken).ConfigureAwait(false);
        env.Registry.Register($"{env.EventsTopic}-value", evolved.ToJsonString());
        var latest = new AvroSerializerConfig { AutoRegisterSchemas = false, UseLatestVersion = true };
        var evolvedSchema = (Avro.RecordSchema)Avro.Schema.Parse(evolved.ToJsonString());
        var encoded = new List<(string Key, byte[] Value)>();
        foreach (var mlEvent in evolvedEvents)
        {
            encoded.Add((EventKeys.For(mlEvent), await RawRecords.EncodeAsAsync(env.Client, env.EventsTopic, mlEvent, evolvedSchema, latest).ConfigureAwait(false)));
        }

        await Task.Delay(options.BeforeOutage, cancellationToken).ConfigureAwait(false);
        var committedBefore = env.Committed();
        var mcpsBefore = env.Count(env.McpTopic);
        env.Registry.SetAvailable(false);
        var outage = Stopwatch.StartNew();
        output.WriteLine(string.Create(c, $"{clock.Elapsed.TotalSeconds,6:F1} s: registry DOWN; published {stream.Count}, committed {committedBefore}, MCP records {mcpsBefore}"));

        // During the outage: the evolved events, spread over the whole outage in random-sized groups, keyed across partitions.
        var sent = 0;
        while (sent < encoded.Count && outage.Elapsed < options.Outage)
        {
            var group = encoded.Skip(sent).Take(shuffled.Next(1, 8)).ToList();
            await RawRecords.ProduceAsync(env.Cluster.BootstrapServers, env.EventsTopic, group, partition: null).ConfigureAwait(false);
            sent += group.Count;
            await Task.Delay(TimeSpan.FromMilliseconds(shuffled.Next(100, 600)), cancellationToken).ConfigureAwait(false);
        }

        var rest = options.Outage - outage.Elapsed;
        if (rest > TimeSpan.Zero)
        {
            await Task.Delay(rest, cancellationToken).ConfigureAwait(false);
        }

        var deadLetteredDuring = env.Count(env.DeadLetterTopic);
        var mcpsDuring = env.Count(env.McpTopic) - mcpsBefore;
        env.Registry.SetAvailable(true);
        result.Outage = outage.Elapsed;
        output.WriteLine(string.Create(c, $"{clock.Elapsed.TotalSeconds,6:F1} s: registry UP after {outage.Elapsed.TotalSeconds:F1} s; {sent} evolved-schema events sent during it; MCP records made during it {mcpsDuring} (cached-schema partitions kept flowing); dead-lettered {deadLetteredDuring}; worker alive {!worker.HasExited}"));
        result.Notes.Add($"{sent} events with the uncached schema during the outage; {mcpsDuring} MCP records produced during it; dead-lettered during it {deadLetteredDuring}");

        await Task.Delay(options.AfterOutage, cancellationToken).ConfigureAwait(false);
        await publishingStop.CancelAsync().ConfigureAwait(false);
        try
        {
            await publishing.ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
        }

        var all = stream.Published.Concat(evolvedEvents.Take(sent)).ToList();
        result.EventsPublished = all.Count;
        await worker.WaitUntilAsync(() => env.Committed() == all.Count, options.DrainTimeout, "every event committed after the outage", cancellationToken).ConfigureAwait(false);
        output.WriteLine(string.Create(c, $"{clock.Elapsed.TotalSeconds,6:F1} s: all {all.Count} events committed"));
        worker.Terminate();
        worker.WaitForExit(TimeSpan.FromMinutes(1));
        result.Account = await env.AccountAsync(all).ConfigureAwait(false);
        result.DeadLettered = env.Count(env.DeadLetterTopic);
        result.Elapsed = clock.Elapsed;
        return result;
    }
}
