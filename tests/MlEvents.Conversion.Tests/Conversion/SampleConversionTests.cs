using Avro.Generic;
using Avro.IO;
using MlEvents.DataHub.Mcps;
using MlEvents.DataHub.Serialization;
using MlEvents.Conversion.Tests.DataHub.Pdl;

namespace MlEvents.Conversion.Tests.Conversion;

/// <summary>
/// The guide's scenario end to end: valid against DataHub's PDLs, through DataHub's Avro MCP schema, and equal to the
/// committed samples/airline-forecast.mcps.json (set MLEVENTS_UPDATE_GOLDEN=1 to regenerate it).
/// </summary>
public sealed class SampleConversionTests
{
    public static TheoryData<WriteMode, UrnStyle> Modes => new()
    {
        { WriteMode.Patch, UrnStyle.Guid },
        { WriteMode.Upsert, UrnStyle.Guid },
        { WriteMode.Patch, UrnStyle.Readable },
        { WriteMode.Upsert, UrnStyle.Readable },
    };

    [Fact]
    public void Committed_sample_output_equals_a_fresh_conversion()
    {
        var actual = McpJsonFile.Write(Samples.Convert(Samples.AirlineForecast()));
        if (Environment.GetEnvironmentVariable("MLEVENTS_UPDATE_GOLDEN") == "1")
        {
            File.WriteAllText(Samples.McpsFile, actual);
        }

        Assert.Equal(File.ReadAllText(Samples.McpsFile).ReplaceLineEndings("\n"), actual);
    }

    [Fact]
    public void Sample_output_in_every_mode_is_valid_against_DataHubs_PDLs()
    {
        var all = Modes.SelectMany(row => Samples.Convert(Samples.AirlineForecast(), Events.Mode((WriteMode)row[0], (UrnStyle)row[1]))).ToList();
        var upserts = all.Count(m => m.ChangeType == ChangeType.Upsert);
        var report = PdlAspectValidator.Default.Validate(all);
        Assert.True(report.AllValid, report.ToString());
        Assert.Equal(upserts, report.Total);
        Assert.Empty(report.NotJudged);
    }

    [SharedPdlToolFact]
    public void Sample_output_in_every_mode_is_valid_for_the_shared_pdl_validate_tool()
    {
        var all = Modes.SelectMany(row => Samples.Convert(Samples.AirlineForecast(), Events.Mode((WriteMode)row[0], (UrnStyle)row[1]))).ToList();
        var upserts = all.Count(m => m.ChangeType == ChangeType.Upsert);
        var (exitCode, output) = SharedPdlTool.Validate(all);
        Assert.True(exitCode == 0, output);
        Assert.Contains($"pdl: {upserts}/{upserts} aspects valid", output, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Modes))]
    public void Every_sample_mcp_survives_an_Avro_round_trip_through_DataHubs_schema(WriteMode mode, UrnStyle style)
    {
        foreach (var mcp in Samples.Convert(Samples.AirlineForecast(), Events.Mode(mode, style)))
        {
            using var stream = new MemoryStream();
            new GenericDatumWriter<GenericRecord>(McpAvro.Schema).Write(McpAvro.ToGenericRecord(mcp), new BinaryEncoder(stream));
            stream.Position = 0;
            var back = McpAvro.FromGenericRecord(new GenericDatumReader<GenericRecord>(McpAvro.Schema, McpAvro.Schema).Read(null!, new BinaryDecoder(stream)));
            Assert.Equal((mcp.EntityType, mcp.EntityUrn, mcp.ChangeType, mcp.AspectName, mcp.ContentType, mcp.AspectJson),
                (back.EntityType, back.EntityUrn, back.ChangeType, back.AspectName, back.ContentType, back.AspectJson));
            Assert.Equal(mcp.SystemMetadata!.LastObserved, back.SystemMetadata!.LastObserved);
            Assert.Equal(mcp.SystemMetadata.Properties, back.SystemMetadata.Properties);
        }
    }

    [Fact]
    public void Sample_final_state_matches_the_guide()
    {
        var store = new MlEvents.DataHub.Store.AspectStore();
        store.ApplyAll(Samples.Convert(Samples.AirlineForecast()));
        var run = MlEvents.DataHub.Urns.DataHubUrns.DataProcessInstanceForRun("simple_training_run_4", "mlflow");
        var props = store.Get<MlEvents.DataHub.Aspects.MlTrainingRunProperties>(run)!;
        Assert.Equal(["batch_size=32", "learning_rate=0.01"], props.HyperParams!.Select(p => $"{p.Name}={p.Value}"));
        Assert.Equal(["accuracy=0.9"], props.TrainingMetrics!.Select(p => $"{p.Name}={p.Value}"));
        Assert.Equal(["s3://my-bucket/output"], props.OutputUrls);
        var result = store.GetTimeseries(run, "dataProcessInstanceRunEvent").Single(e => (string)e["status"]! == "COMPLETE");
        Assert.Equal("FAILURE", (string)result["result"]!["type"]!);
    }

    [Fact]
    public void State_left_by_patches_is_valid_against_DataHubs_PDLs_even_when_patches_create_the_aspects()
    {
        var states = PatchedStates();

        Assert.Contains(states, m => m.AspectName == "dataProcessInstanceOutput");
        Assert.Contains(states, m => m.AspectName == "mlModelGroupProperties");
        var report = PdlAspectValidator.Default.Validate(states);
        Assert.True(report.AllValid, report.ToString());
        Assert.Equal(states.Count, report.Total);
    }

    [SharedPdlToolFact]
    public void State_left_by_patches_is_valid_for_the_shared_pdl_validate_tool()
    {
        var states = PatchedStates();
        var (exitCode, output) = SharedPdlTool.Validate(states);
        Assert.True(exitCode == 0, output);
        Assert.Contains($"pdl: {states.Count}/{states.Count} aspects valid", output, StringComparison.Ordinal);
    }

    private static List<MetadataChangeProposal> PatchedStates()
    {
        // The validators judge UPSERTs only, so the aspects DataHub would hold after the PATCHes are re-emitted as UPSERTs.
        // Second scenario: only the cross-key events arrive, so every patched aspect starts from nothing.
        var scenarios = new[]
        {
            Samples.AirlineForecast(),
            Samples.AirlineForecast().Where(e => e.Payload is Contracts.ModelRegistered or Contracts.ModelStageChanged).ToList(),
            [Events.Finished("run-1", new Dictionary<string, double> { ["auc"] = 0.5 })],
        };
        var states = new List<MetadataChangeProposal>();
        foreach (var events in scenarios)
        {
            var store = new MlEvents.DataHub.Store.AspectStore();
            store.ApplyAll(Samples.Convert(events));
            states.AddRange(store.Snapshot()
                .Where(entry => !MlEvents.DataHub.Aspects.AspectNames.Timeseries.Contains(entry.Key.AspectName))
                .Select(entry => new MetadataChangeProposal
                {
                    EntityType = MlEvents.DataHub.Urns.DataHubUrns.EntityTypeOf(entry.Key.Urn),
                    EntityUrn = entry.Key.Urn,
                    ChangeType = ChangeType.Upsert,
                    AspectName = entry.Key.AspectName,
                    AspectValue = System.Text.Encoding.UTF8.GetBytes(entry.Value),
                    ContentType = ContentTypes.Json,
                }));
        }
        return states;
    }
}
