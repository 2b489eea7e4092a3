using MlEvents.Translation.Serdes;
using System.Text;
using System.Text.Json.Nodes;
using Avro.Generic;
using Confluent.Kafka;
using MlEvents.Contracts;
using MlEvents.DataHub.Mcps;
using MlEvents.DataHub.Serialization;
using MlEvents.Reliability.Tests.Support;
using Confluent.SchemaRegistry;
using Confluent.SchemaRegistry.Serdes;
using MlEvents.Worker.Pipeline;
using MlEvents.Translation;

namespace MlEvents.Reliability.Tests.BadInput;

/// <summary>
/// The bad-input table of RELIABILITY.md, through the worker's real translator: each kind of bad input has one defined
/// outcome, converted or dead-lettered (Poison) with a stage and a reason naming the problem.
/// </summary>
public sealed class BadInputTableTests(TranslatorHarness harness) : IClassFixture<TranslatorHarness>
{
    [Fact]
    public async Task Null_and_empty_values_are_dead_lettered_at_deserialize()
    {
        AssertPoison(await harness.TranslateAsync((byte[]?)null), TranslationStages.Deserialize, "no value");
        AssertPoison(await harness.TranslateAsync([]), TranslationStages.Deserialize, "no value");
    }

    [Fact]
    public async Task Not_avro_json_text_is_dead_lettered_at_deserialize()
    {
        var json = Encoding.UTF8.GetBytes(MlEventJson.Serialize(SampleEvents.RunStarted));
        AssertPoison(await harness.TranslateAsync(json), TranslationStages.Deserialize, "not a Confluent-wire-format");
    }

    [Fact]
    public async Task Wrong_magic_byte_is_dead_lettered_at_deserialize()
    {
        var bytes = await harness.EncodeAsync(SampleEvents.RunStarted);
        bytes[0] = 1;
        AssertPoison(await harness.TranslateAsync(bytes), TranslationStages.Deserialize, "magic");
    }

    [Fact]
    public async Task Unknown_schema_id_is_dead_lettered_at_deserialize()
    {
        var bytes = await harness.EncodeAsync(SampleEvents.RunStarted);
        ConfluentWireFormat.Header(987_654).CopyTo(bytes, 0);
        AssertPoison(await harness.TranslateAsync(bytes), TranslationStages.Deserialize, "unknown writer schema id");
    }

    [Fact]
    public async Task A_valid_avro_record_of_another_subjects_schema_is_dead_lettered_at_deserialize()
    {
        // A DataHub MCP (valid Avro, registered under the MCP topic's subject) sent to the events topic by mistake.
        var translated = Assert.IsType<TranslationResult.Translated>(await harness.TranslateAsync(SampleEvents.RunStarted));
        var mcpBytes = translated.Records[0].Value;
        AssertPoison(await harness.TranslateAsync(mcpBytes), TranslationStages.Deserialize, "incompatible");

        // An unrelated record type from yet another subject.
        var otherSchema = (Avro.RecordSchema)Avro.Schema.Parse("""{"type":"record","name":"Invoice","namespace":"billing","fields":[{"name":"amount","type":"double"},{"name":"customer","type":"string"}]}""");
        var id = harness.Registry.Register("billing-value", otherSchema.ToString());
        var invoice = new GenericRecord(otherSchema);
        invoice.Add("amount", 12.5);
        invoice.Add("customer", "acme");
        AssertPoison(await harness.TranslateAsync(AvroBytes.Encode(id, otherSchema, invoice)), TranslationStages.Deserialize, "incompatible");
    }

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(12)]
    [InlineData(-1)]
    public async Task Truncated_bytes_are_dead_lettered_at_deserialize(int keep)
    {
        var bytes = await harness.EncodeAsync(SampleEvents.RunFinished);
        var length = keep >= 0 ? keep : bytes.Length - 1;
        AssertPoison(await harness.TranslateAsync(bytes[..length]), TranslationStages.Deserialize, "");
    }

    [Fact]
    public async Task A_writer_schema_without_the_id_fields_is_dead_lettered_at_deserialize()
    {
        // An old or foreign producer's MlEvent schema lacking eventId: the reader cannot resolve a required field without default.
        var schemaJson = JsonNode.Parse(MlEventAvro.SchemaJson)!.AsObject();
        var fields = schemaJson["fields"]!.AsArray();
        fields.Remove(fields.First(f => f!["name"]!.GetValue<string>() == "eventId"));
        var reduced = (Avro.RecordSchema)Avro.Schema.Parse(schemaJson.ToJsonString());
        var id = harness.Registry.Register("reduced-mlevent-value", reduced.ToString());
        var full = MlEventAvro.ToGenericRecord(SampleEvents.RunStarted);
        var record = new GenericRecord(reduced);
        foreach (var field in reduced.Fields)
        {
            record.Add(field.Name, full[field.Name]);
        }

        var serializer = new AvroSerializer<GenericRecord>(harness.Client, new AvroSerializerConfig { AutoRegisterSchemas = false, UseLatestVersion = true });
        var bytes = await serializer.SerializeAsync(record, new SerializationContext(MessageComponentType.Value, "reduced-mlevent"));
        Assert.Equal(id, ConfluentWireFormat.ReadSchemaId(bytes));

        var poison = AssertPoison(await harness.TranslateAsync(bytes), TranslationStages.Deserialize, "incompatible");
        Assert.Contains("eventId", poison.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Empty_or_blank_ids_in_valid_avro_are_dead_lettered_at_validate_naming_each_field()
    {
        var run = (RunStarted)SampleEvents.RunStarted.Payload;
        var bad = SampleEvents.RunStarted with { EventId = "", Payload = run with { RunId = "   " } };
        var poison = AssertPoison(await harness.TranslateAsync(bad), TranslationStages.Validate, "eventId");
        Assert.Contains("payload.runId", poison.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ids_with_urn_reserved_characters_and_unicode_are_converted_into_parseable_urns()
    {
        const string modelName = "churn,(v2) Modèle 模型 🚀";
        const string runId = "run(1),β";
        var registered = (ModelRegistered)SampleEvents.ModelRegistered.Payload;
        var mlEvent = SampleEvents.ModelRegistered with { Payload = registered with { ModelName = modelName, Version = "1", RunId = runId } };

        var mcps = await harness.DecodeAsync(Assert.IsType<TranslationResult.Translated>(await harness.TranslateAsync(mlEvent)));

        var modelUrn = Assert.Single(mcps.Select(m => m.EntityUrn).Where(u => u.StartsWith("urn:li:mlModel:", StringComparison.Ordinal)).Distinct());
        var tuple = modelUrn["urn:li:mlModel:(".Length..^1];
        var parts = tuple.Split(',');
        Assert.Equal(3, parts.Length); // platform, name, env: the reserved characters of the name were escaped
        Assert.Equal(modelName + "_1", Uri.UnescapeDataString(parts[1]));
        Assert.All(mcps, mcp => Assert.Equal(mcp.EntityUrn.Count(c => c == '('), mcp.EntityUrn.Count(c => c == ')')));
    }

    [Fact]
    public async Task A_description_over_the_limit_is_dead_lettered_at_validate()
    {
        var experiment = (ExperimentUpserted)SampleEvents.Experiment.Payload;
        var huge = SampleEvents.Experiment with { Payload = experiment with { Description = new string('x', EventLimits.MaxDescriptionBytes + 1) } };
        AssertPoison(await harness.TranslateAsync(huge), TranslationStages.Validate, "payload.description");
    }

    [Fact]
    public async Task Maps_with_too_many_entries_or_too_large_values_are_dead_lettered_at_validate()
    {
        var run = (RunStarted)SampleEvents.RunStarted.Payload;
        var tooMany = Enumerable.Range(0, EventLimits.MaxCollectionItems + 1).ToDictionary(i => $"p{i}", i => "v");
        AssertPoison(await harness.TranslateAsync(SampleEvents.RunStarted with { Payload = run with { HyperParams = tooMany } }), TranslationStages.Validate, "payload.hyperParams");

        var tooLarge = new Dictionary<string, string> { ["blob"] = new('y', EventLimits.MaxPropertyValueBytes + 1) };
        AssertPoison(await harness.TranslateAsync(SampleEvents.RunStarted with { Payload = run with { CustomProperties = tooLarge } }), TranslationStages.Validate, "payload.customProperties.blob");
    }

    [Fact]
    public async Task An_id_longer_than_the_limit_is_dead_lettered_at_validate()
    {
        var run = (RunStarted)SampleEvents.RunStarted.Payload;
        var longId = SampleEvents.RunStarted with { Payload = run with { RunId = new string('r', EventLimits.MaxIdLength + 1) } };
        AssertPoison(await harness.TranslateAsync(longId), TranslationStages.Validate, "payload.runId");
    }

    [Fact]
    public async Task The_largest_valid_event_is_converted()
    {
        // At every limit at once: what the validator lets through, the rest of the translator must handle.
        var run = (RunStarted)SampleEvents.RunStarted.Payload;
        var limitProps = Enumerable.Range(0, EventLimits.MaxCollectionItems).ToDictionary(i => $"p{i}", i => new string('v', 64));
        var atLimit = SampleEvents.RunStarted with
        {
            Payload = run with { RunId = new string('r', 300), HyperParams = limitProps, CustomProperties = limitProps },
        };
        Assert.IsType<TranslationResult.Translated>(await harness.TranslateAsync(atLimit));
    }

    [Fact]
    public async Task Timestamps_in_seconds_are_rejected_at_validate_like_the_validator_does()
    {
        // Decision: reject. A time in seconds would put the run in January 1970 in the catalog; the validator already
        // rejects values below EventLimits.MinEpochMillis with "looks like seconds", so the worker dead-letters them.
        var seconds = SampleEvents.RunStarted.EventTime / 1000;
        var run = (RunStarted)SampleEvents.RunStarted.Payload;
        var poison = AssertPoison(await harness.TranslateAsync(SampleEvents.RunStarted with { EventTime = seconds, Payload = run with { StartTime = seconds } }), TranslationStages.Validate, "eventTime");
        Assert.Contains("payload.startTime", poison.Reason, StringComparison.Ordinal);
        Assert.Contains("seconds", poison.Reason, StringComparison.OrdinalIgnoreCase);
        Assert.NotEmpty(MlEventValidator.Validate(SampleEvents.RunStarted with { EventTime = seconds }));
    }

    [Theory]
    [InlineData(double.NaN, "NaN")]
    [InlineData(double.PositiveInfinity, "Infinity")]
    [InlineData(double.NegativeInfinity, "Infinity")]
    public async Task Non_finite_metrics_are_dead_lettered_at_validate(double value, string expected)
    {
        var finished = (RunFinished)SampleEvents.RunFinished.Payload;
        var metrics = new Dictionary<string, double>(finished.Metrics) { ["loss"] = value };
        var poison = AssertPoison(await harness.TranslateAsync(SampleEvents.RunFinished with { Payload = finished with { Metrics = metrics } }), TranslationStages.Validate, "payload.metrics.loss");
        Assert.Contains(expected, poison.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_duplicate_event_gives_byte_identical_records()
    {
        var first = Assert.IsType<TranslationResult.Translated>(await harness.TranslateAsync(SampleEvents.ModelRegistered));
        var again = Assert.IsType<TranslationResult.Translated>(await harness.TranslateAsync(SampleEvents.ModelRegistered));
        Assert.NotEmpty(first.Records);
        Assert.Equal(first.Records.Select(r => (r.Key, Convert.ToHexString(r.Value))), again.Records.Select(r => (r.Key, Convert.ToHexString(r.Value))));
    }

    [Fact]
    public async Task RunFinished_before_RunStarted_is_converted_and_both_address_the_same_run()
    {
        var runId = $"late-start-{Guid.NewGuid():N}";
        var finished = SampleEvents.RunFinished with { Payload = ((RunFinished)SampleEvents.RunFinished.Payload) with { RunId = runId } };
        var started = SampleEvents.RunStarted with { Payload = ((RunStarted)SampleEvents.RunStarted.Payload) with { RunId = runId } };

        var finishedMcps = await harness.DecodeAsync(Assert.IsType<TranslationResult.Translated>(await harness.TranslateAsync(finished)));
        var startedMcps = await harness.DecodeAsync(Assert.IsType<TranslationResult.Translated>(await harness.TranslateAsync(started)));

        var runUrn = Assert.Single(RunUrns(finishedMcps));
        Assert.Equal(runUrn, Assert.Single(RunUrns(startedMcps)));
        // Neither writes a versioned aspect the other also writes as a whole-aspect UPSERT, so arrival order cannot erase a
        // fact (dataProcessInstanceRunEvent is a timeseries aspect: one point per timestamp, STARTED and COMPLETE both stay).
        var finishedUpserts = finishedMcps.Where(m => m.EntityUrn == runUrn && m.ChangeType == ChangeType.Upsert).Select(m => m.AspectName).ToHashSet();
        var startedUpserts = startedMcps.Where(m => m.EntityUrn == runUrn && m.ChangeType == ChangeType.Upsert).Select(m => m.AspectName).ToHashSet();
        var shared = finishedUpserts.Intersect(startedUpserts).Where(a => a is not "status" and not "dataPlatformInstance" and not "dataProcessInstanceRunEvent").ToList();
        Assert.True(shared.Count == 0, $"aspects upserted whole by both events: {string.Join(", ", shared)}");
    }

    [Fact]
    public async Task ModelRegistered_naming_a_run_never_seen_is_converted_with_lineage_to_that_run()
    {
        var unknownRun = $"never-started-{Guid.NewGuid():N}";
        var registered = (ModelRegistered)SampleEvents.ModelRegistered.Payload;
        var mlEvent = SampleEvents.ModelRegistered with { Payload = registered with { RunId = unknownRun } };

        var mcps = await harness.DecodeAsync(Assert.IsType<TranslationResult.Translated>(await harness.TranslateAsync(mlEvent)));

        var runStarted = SampleEvents.RunStarted with { Payload = ((RunStarted)SampleEvents.RunStarted.Payload) with { RunId = unknownRun } };
        var runUrn = Assert.Single(RunUrns(await harness.DecodeAsync(Assert.IsType<TranslationResult.Translated>(await harness.TranslateAsync(runStarted)))));
        Assert.Contains(mcps, mcp => mcp.AspectJson.Contains(runUrn, StringComparison.Ordinal));
    }

    private static IEnumerable<string> RunUrns(IEnumerable<MetadataChangeProposal> mcps) =>
        mcps.Select(m => m.EntityUrn).Where(u => u.StartsWith("urn:li:dataProcessInstance:", StringComparison.Ordinal)).Distinct();

    private static TranslationResult.Poisoned AssertPoison(TranslationResult result, string stage, string reasonContains)
    {
        var poison = Assert.IsType<TranslationResult.Poisoned>(result);
        Assert.Equal(stage, poison.Stage);
        Assert.Contains(reasonContains, poison.Reason, StringComparison.OrdinalIgnoreCase);
        return poison;
    }
}
