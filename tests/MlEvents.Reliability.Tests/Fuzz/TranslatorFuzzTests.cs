using MlEvents.Translation.Serdes;
using System.Diagnostics;
using System.Globalization;
using MlEvents.Contracts;
using MlEvents.Reliability.Tests.Support;
using Confluent.SchemaRegistry;
using Confluent.SchemaRegistry.Serdes;
using MlEvents.Worker.Pipeline;
using Xunit.Abstractions;

namespace MlEvents.Reliability.Tests.Fuzz;

/// <summary>
/// Random and mutated inputs through the real translator (wire-format header, registry lookup, Avro decoding with schema
/// resolution, validation, conversion, MCP serialization). Every input must end in a decision: records to produce or a
/// dead-letter (Poison). Any escaping exception is a failure unless the worker would classify it as transient.
/// Bounded by time (FUZZ_SECONDS, default 5); seeded (FUZZ_SEED to replay; the seed is printed).
/// </summary>
public sealed class TranslatorFuzzTests(TranslatorHarness harness, ITestOutputHelper output) : IClassFixture<TranslatorHarness>
{
    private readonly DefaultTransientErrorClassifier _classifier = new();

    [Fact]
    public async Task Events_with_hostile_field_values_end_in_records_or_a_dead_letter_decision()
    {
        var (seed, budget) = Settings(defaultSeconds: 3);
        output.WriteLine($"fuzz seed {seed} (replay with FUZZ_SEED={seed}), budget {budget.TotalSeconds} s");
        var random = new Random(seed);
        var mutator = new EventMutator(random);
        var templates = SampleEvents.Stream(7, "hostile").ToList();
        var outcomes = new Dictionary<string, int>(StringComparer.Ordinal);
        var failures = new List<string>();
        var elapsed = Stopwatch.StartNew();
        while (elapsed.Elapsed < budget && failures.Count < 5)
        {
            var mlEvent = mutator.Mutate(templates[random.Next(templates.Count)]);
            byte[] bytes;
            try
            {
                bytes = await harness.EncodeAsync(mlEvent);
            }
            catch (Exception e) when (e is Avro.AvroException or ArgumentException or InvalidOperationException or NullReferenceException)
            {
                outcomes["not encodable"] = outcomes.GetValueOrDefault("not encodable") + 1; // a producer could not send it either
                continue;
            }

            string outcome;
            try
            {
                outcome = await harness.TranslateAsync(bytes) switch
                {
                    TranslationResult.Translated t => BadKey(t) is { } key ? $"UNPARSEABLE URN {key}" : "translated",
                    TranslationResult.Poisoned p => "poison:" + p.Stage,
                    var other => throw new InvalidOperationException($"unexpected result {other}"),
                };
                if (outcome.StartsWith("UNPARSEABLE", StringComparison.Ordinal))
                {
                    failures.Add($"{outcome}{Environment.NewLine}  event {MlEventJson.Serialize(mlEvent)}");
                }
            }
            catch (Exception e)
            {
                outcome = "ESCAPED:" + e.GetType().Name;
                failures.Add($"{e.GetType().FullName}: {e.Message}{Environment.NewLine}  event {MlEventJson.Serialize(mlEvent)}{Environment.NewLine}{e.StackTrace}");
            }

            outcomes[outcome] = outcomes.GetValueOrDefault(outcome) + 1;
        }

        output.WriteLine($"{outcomes.Values.Sum()} events in {elapsed.Elapsed.TotalSeconds:F1} s: " +
            string.Join(", ", outcomes.OrderByDescending(o => o.Value).Select(o => $"{o.Key} {o.Value}")));
        Assert.True(failures.Count == 0, $"seed {seed}: exceptions escaped the translator:{Environment.NewLine}{string.Join(Environment.NewLine, failures)}");
        Assert.True(outcomes.ContainsKey("translated") && outcomes.ContainsKey("poison:validate"), "the mutator reached neither conversion nor validation");
    }

    /// <summary>A record key (entity URN) whose tuple structure a hostile id broke: unbalanced parentheses.</summary>
    private static string? BadKey(TranslationResult.Translated translated) =>
        translated.Records.Select(r => r.Key).FirstOrDefault(key => key.Count(c => c == '(') != key.Count(c => c == ')'));

    private static (int Seed, TimeSpan Budget) Settings(double defaultSeconds) =>
        (int.TryParse(Environment.GetEnvironmentVariable("FUZZ_SEED"), CultureInfo.InvariantCulture, out var s) ? s : Random.Shared.Next(),
         TimeSpan.FromSeconds(double.TryParse(Environment.GetEnvironmentVariable("FUZZ_SECONDS"), CultureInfo.InvariantCulture, out var secs) ? secs : defaultSeconds));

    [Fact]
    public async Task Random_and_mutated_inputs_end_in_records_or_a_dead_letter_decision()
    {
        var (seed, budget) = Settings(defaultSeconds: 5);
        output.WriteLine($"fuzz seed {seed} (replay with FUZZ_SEED={seed}), budget {budget.TotalSeconds} s");
        var random = new Random(seed);

        var corpus = new List<byte[]>();
        foreach (var mlEvent in SampleEvents.Stream(12, "fuzz"))
        {
            corpus.Add(await harness.EncodeAsync(mlEvent));
        }

        var knownId = ConfluentWireFormat.ReadSchemaId(corpus[0]);
        var mutator = new ByteMutator(random, knownId);
        var outcomes = new Dictionary<string, int>(StringComparer.Ordinal);
        var failures = new List<string>();
        var elapsed = Stopwatch.StartNew();
        var inputs = 0;
        var slowest = new List<(TimeSpan Time, string Outcome, byte[] Input)>();
        while (elapsed.Elapsed < budget && failures.Count < 5)
        {
            var input = random.Next(10) == 0 ? mutator.RandomInput() : mutator.Mutate(corpus[random.Next(corpus.Count)]);
            inputs++;
            var started = elapsed.Elapsed;
            string outcome;
            try
            {
                outcome = await harness.TranslateAsync(input) switch
                {
                    TranslationResult.Translated => "translated",
                    TranslationResult.Poisoned p => "poison:" + p.Stage,
                    var other => throw new InvalidOperationException($"unexpected result {other}"),
                };
            }
            catch (Exception e) when (_classifier.IsTransient(e))
            {
                outcome = "transient:" + e.GetType().Name;
            }
            catch (Exception e)
            {
                outcome = "ESCAPED:" + e.GetType().Name;
                failures.Add($"{e.GetType().FullName}: {e.Message}{Environment.NewLine}  input {Convert.ToHexString(input)}{Environment.NewLine}{e.StackTrace}");
            }

            outcomes[outcome] = outcomes.GetValueOrDefault(outcome) + 1;
            slowest.Add((elapsed.Elapsed - started, outcome, input));
            slowest = [.. slowest.OrderByDescending(x => x.Time).Take(3)];
        }

        foreach (var (time, outcome, input) in slowest)
        {
            output.WriteLine($"slow: {time.TotalMilliseconds:F0} ms {outcome} {Convert.ToHexString(input)}");
        }

        output.WriteLine($"{inputs} inputs in {elapsed.Elapsed.TotalSeconds:F1} s: " +
            string.Join(", ", outcomes.OrderByDescending(o => o.Value).Select(o => $"{o.Key} {o.Value}")));
        Assert.True(failures.Count == 0, $"seed {seed}: exceptions escaped the translator:{Environment.NewLine}{string.Join(Environment.NewLine, failures)}");
        Assert.True(outcomes.Keys.Any(k => k.StartsWith("poison:deserialize", StringComparison.Ordinal)), "the fuzzer never reached the decoder's error paths");
        Assert.False(outcomes.Keys.Any(k => k.StartsWith("transient:", StringComparison.Ordinal)), "the registry is up: nothing should be transient");
    }
}
