using System.Globalization;
using MlEvents.Contracts;
using MlEvents.Reliability.Tests.Support;
using MlEvents.Worker.Pipeline;
using MlEvents.Translation;
using Xunit.Abstractions;

namespace MlEvents.Reliability.Tests.BadInput;

/// <summary>
/// A representative part of the bad-input table through the running worker, all on one partition so the worker must get
/// past each bad record: the bad ones land in the dead-letter topic with their stage, the good ones (including the
/// odd-but-valid ones) are converted, and the partition is committed to the end. The inputs PoisonEndToEndTests in
/// MlEvents.Integration.Tests already sends (not Avro, wrong magic byte, unknown schema id, another schema, invalid
/// platform) are not repeated here.
/// </summary>
public sealed class BadInputEndToEndTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Bad_records_are_dead_lettered_with_their_stage_and_odd_but_valid_events_are_converted()
    {
        await using var env = await StreamEnvironment.StartAsync("badinput");
        var started = SampleEvents.RunStarted;
        var finished = SampleEvents.RunFinished;
        var registered = SampleEvents.ModelRegistered;
        var finishedPayload = (RunFinished)finished.Payload;
        var registeredPayload = (ModelRegistered)registered.Payload;
        var seconds = started.EventTime / 1000;

        async Task<byte[]> Encode(MlEvent e) => await RawRecords.EncodeAsync(env.Client, env.EventsTopic, e);
        var valid = await Encode(started);
        var inputs = new (string Kind, byte[] Value, string? Stage)[]
        {
            ("RunFinished before RunStarted", await Encode(finished), null),
            ("truncated", valid[..(valid.Length / 2)], TranslationStages.Deserialize),
            ("NaN metric", await Encode(finished with { EventId = "nan", Payload = finishedPayload with { Metrics = new Dictionary<string, double> { ["loss"] = double.NaN } } }), TranslationStages.Validate),
            ("RunStarted", valid, null),
            ("seconds timestamp", await Encode(started with { EventId = "secs", EventTime = seconds }), TranslationStages.Validate),
            ("duplicate RunStarted", valid, null),
            ("huge map", await Encode(registered with { EventId = "huge", Payload = registeredPayload with { CustomProperties = Enumerable.Range(0, 1001).ToDictionary(i => $"k{i}", i => "v") } }), TranslationStages.Validate),
            ("unknown run, reserved characters", await Encode(registered with { EventId = "odd", Payload = registeredPayload with { ModelName = "m,(1) ü", RunId = "never-started" } }), null),
            ("empty value", [], TranslationStages.Deserialize),
        };
        await RawRecords.ProduceAsync(env.Cluster.BootstrapServers, env.EventsTopic, inputs.Select(i => (i.Kind, i.Value)), partition: 0);

        await using var worker = new InProcessWorker(env, output);
        await worker.StartAsync();
        await Eventually.True(() => env.Committed() == inputs.Length, TimeSpan.FromSeconds(30), "partition 0 committed to the end");
        await worker.StopAsync();

        var deadLetters = env.ReadAll(env.DeadLetterTopic).OrderBy(r => long.Parse(StreamEnvironment.Header(r, DeadLetterHeaders.SourceOffset)!, CultureInfo.InvariantCulture)).ToList();
        foreach (var record in deadLetters)
        {
            output.WriteLine($"{StreamEnvironment.Header(record, DeadLetterHeaders.SourceOffset)}: {StreamEnvironment.Header(record, DeadLetterHeaders.Stage)} {StreamEnvironment.Header(record, DeadLetterHeaders.Reason)}");
        }

        var expectedDead = inputs.Select((input, offset) => (input, offset)).Where(x => x.input.Stage is not null).ToList();
        Assert.Equal(
            expectedDead.Select(x => (x.offset.ToString(CultureInfo.InvariantCulture), x.input.Stage)),
            deadLetters.Select(r => (StreamEnvironment.Header(r, DeadLetterHeaders.SourceOffset)!, StreamEnvironment.Header(r, DeadLetterHeaders.Stage))));
        Assert.Equal(expectedDead.Select(x => x.input.Value), deadLetters.Select(r => r.Message.Value ?? []));

        // RunStarted twice (idempotent duplicate): its MCPs arrive twice, identical; the rest once.
        MlEvent[] converted = [finished, started, started, registered with { EventId = "odd", Payload = registeredPayload with { ModelName = "m,(1) ü", RunId = "never-started" } }];
        var account = await env.AccountAsync(converted);
        output.WriteLine(account.ToString());
        Assert.Empty(account.Missing);
        Assert.Equal(0, account.Unexpected);
        Assert.Equal(account.ExpectedMcps, account.ReceivedMcps);
    }
}
