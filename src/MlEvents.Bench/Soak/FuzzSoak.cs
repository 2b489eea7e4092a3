using System.Diagnostics;
using System.Globalization;
using System.Text;
using Confluent.Kafka;
using MlEvents.Contracts;
using MlEvents.Conversion;
using MlEvents.Reliability;
using Confluent.SchemaRegistry;
using Confluent.SchemaRegistry.Serdes;
using MlEvents.Worker.Pipeline;
using MlEvents.Translation;
using MlEvents.Translation.Serdes;

namespace MlEvents.Bench.Soak;

/// <summary>
/// For <see cref="SoakOptions.Duration"/>: mutated bytes of valid events, random bytes, and events with hostile field
/// values, mixed with valid "canary" events, each first through the real translator in this process (it must decide:
/// records or dead-letter, never an escaping exception) and then through the running worker (its own program, an OS
/// process). At the end the worker must still run, must have committed every input, produced exactly the records the
/// in-process translator made and dead-lettered exactly the inputs it rejected, and every canary's MCPs must be there.
/// </summary>
internal static class FuzzSoak
{
    public static async Task<SoakResult> RunAsync(SoakOptions options, string command, TextWriter output, CancellationToken cancellationToken)
    {
        var c = CultureInfo.InvariantCulture;
        var result = new SoakResult("fuzz", options.Seed, command);
        var random = new Random(options.Seed);
        var clock = Stopwatch.StartNew();
        output.WriteLine($"soak fuzz: seed {options.Seed}, {options.Duration.TotalMinutes} min, {options.Rate} inputs/s");
        await using var env = await StreamEnvironment.StartAsync("soak-fuzz", options.McpPartitions).ConfigureAwait(false);
        var settings = env.WorkerSettings(CrashSoak.Merge([], options.Settings));
        using var translatorClient = new CachedSchemaRegistryClient(new SchemaRegistryConfig { Url = env.Registry.Url, MaxRetries = 1, RequestTimeoutMs = 5000 });
        var translator = new AvroEventTranslator(translatorClient, new AvroSerializerConfig(), new EventConverter(new ConversionOptions()), env.McpTopic);
        var corpus = new List<byte[]>();
        var templates = SampleEvents.Stream(12, $"fuzz{options.Seed}").ToList();
        foreach (var template in templates)
        {
            corpus.Add(await RawRecords.EncodeAsync(env.Client, env.EventsTopic, template).ConfigureAwait(false));
        }

        var bytes = new ByteMutator(random, ConfluentWireFormat.ReadSchemaId(corpus[0]));
        var events = new EventMutator(random);
        var canaries = SampleEvents.Stream(int.MaxValue, $"canary{options.Seed}").GetEnumerator();
        var sentCanaries = new List<MlEvent>();
        var outcomes = new Dictionary<string, long>(StringComparer.Ordinal);
        long inputs = 0, expectedRecords = 0, expectedDeadLetters = 0;
        var escaped = new List<string>();

        using var worker = WorkerProcess.Start(settings);
        using var producer = new ProducerBuilder<byte[], byte[]?>(new ProducerConfig { BootstrapServers = env.Cluster.BootstrapServers, EnableIdempotence = true, LingerMs = 5 })
            .SetLogHandler((_, _) => { }).Build();
        var perTick = Math.Max(1, options.Rate / 10);
        var ticks = 0L;
        var fuzzing = Stopwatch.StartNew();
        while (fuzzing.Elapsed < options.Duration && escaped.Count < 10)
        {
            for (var i = 0; i < perTick; i++)
            {
                byte[]? input;
                var kind = random.Next(10);
                if (kind == 0)
                {
                    canaries.MoveNext();
                    sentCanaries.Add(canaries.Current);
                    input = await RawRecords.EncodeAsync(env.Client, env.EventsTopic, canaries.Current).ConfigureAwait(false);
                }
                else if (kind <= 3)
                {
                    try
                    {
                        input = await RawRecords.EncodeAsync(env.Client, env.EventsTopic, events.Mutate(templates[random.Next(templates.Count)])).ConfigureAwait(false);
                    }
                    catch (Exception e) when (e is Avro.AvroException or ArgumentException or InvalidOperationException or NullReferenceException)
                    {
                        Count(outcomes, "hostile event not encodable (not sent)");
                        continue;
                    }
                }
                else
                {
                    input = kind == 4 ? bytes.RandomInput() : bytes.Mutate(corpus[random.Next(corpus.Count)]);
                }

                var record = new ConsumeResult<byte[]?, byte[]?>
                {
                    Topic = env.EventsTopic,
                    Partition = 0,
                    Offset = inputs,
                    Message = new Message<byte[]?, byte[]?> { Key = Encoding.UTF8.GetBytes($"k{inputs}"), Value = input, Timestamp = new Timestamp(DateTime.UtcNow) },
                };
                try
                {
                    switch (await translator.TranslateAsync(record, cancellationToken).ConfigureAwait(false))
                    {
                        case TranslationResult.Translated t:
                            expectedRecords += t.Records.Count;
                            Count(outcomes, "translated");
                            break;
                        case TranslationResult.Poisoned p:
                            expectedDeadLetters++;
                            Count(outcomes, "poison:" + p.Stage);
                            break;
                        default:
                            throw new InvalidOperationException("unexpected translation result");
                    }
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    escaped.Add($"{e.GetType().FullName}: {e.Message}; input {Convert.ToHexString(input ?? [])}");
                    Count(outcomes, "ESCAPED:" + e.GetType().Name);
                    continue;
                }

                producer.Produce(env.EventsTopic, new Message<byte[], byte[]?> { Key = record.Message.Key, Value = input });
                inputs++;
            }

            producer.Flush(cancellationToken);
            if (worker.HasExited)
            {
                throw new InvalidOperationException($"the worker exited (code {worker.ExitCode}) while fuzzing:{Environment.NewLine}{worker.Tail()}");
            }

            if (++ticks % 300 == 0)
            {
                output.WriteLine(string.Create(c, $"{clock.Elapsed.TotalSeconds,6:F1} s: {inputs} inputs sent, committed {env.Committed()}, MCP records {env.Count(env.McpTopic)}, dead-lettered {env.Count(env.DeadLetterTopic)}"));
            }

            var next = TimeSpan.FromMilliseconds(100) * ticks - fuzzing.Elapsed;
            if (next > TimeSpan.Zero)
            {
                await Task.Delay(next, cancellationToken).ConfigureAwait(false);
            }
        }

        result.EventsPublished = inputs;
        await worker.WaitUntilAsync(() => env.Committed() == inputs, options.DrainTimeout, "every input committed", cancellationToken).ConfigureAwait(false);
        worker.Terminate();
        worker.WaitForExit(TimeSpan.FromMinutes(1));
        var mcpRecords = env.Count(env.McpTopic);
        var deadLettered = env.Count(env.DeadLetterTopic);
        result.DeadLettered = deadLettered;
        result.DeadLettersExpected = true; // compared below with the in-process translator's decisions
        var account = await env.AccountAsync(sentCanaries).ConfigureAwait(false);
        // MCPs of mutated inputs that are still valid events are not canaries: counted against the translator's records instead.
        result.Account = account with { Unexpected = 0 };
        result.Elapsed = clock.Elapsed;
        result.Notes.Add(string.Join(", ", outcomes.OrderByDescending(o => o.Value).Select(o => $"{o.Key} {o.Value}")));
        result.Notes.Add($"{sentCanaries.Count} canary events; MCP records {mcpRecords} (in-process translator: {expectedRecords}); dead-lettered {deadLettered} (in-process translator: {expectedDeadLetters})");
        result.Notes.AddRange(escaped.Take(10).Select(e => "ESCAPED " + e));
        if (escaped.Count > 0 || mcpRecords != expectedRecords || deadLettered != expectedDeadLetters)
        {
            result.Notes.Add("FAIL: the worker's outcome differs from the translator's decisions, or an exception escaped");
            result.Inconsistent = true;
        }

        return result;
    }

    private static void Count(Dictionary<string, long> outcomes, string outcome) => outcomes[outcome] = outcomes.GetValueOrDefault(outcome) + 1;
}
