using System.Text.Json.Nodes;
using MlEvents.DataHub.Store;

namespace MlEvents.Conversion.Tests.Conversion.Mlflow;

/// <summary>
/// Issue 14: teams run DataHub's MLflow source and this worker side by side on the same entities (the URNs coincide), so
/// every aspect both write must have the same contents, or DataHub flips between them. The MLflow story is replayed
/// through the converter (default write mode), applied as GMS applies it, and every aspect is compared with what
/// mlflow.py writes for the same server state (<see cref="MlflowSourceModel"/>). The deliberate differences are the rows of
/// docs/MAPPING.md's difference table; each must still be a difference, so the list cannot go stale.
/// </summary>
public sealed class MlflowAgreementTests
{
    private static readonly string MappingDoc = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "docs", "MAPPING.md"));

    /// <summary>Aspects the MLflow source writes that we deliberately write otherwise or not at all, by their table row.</summary>
    private static readonly Dictionary<(string Urn, string Aspect), string> Deliberate = new()
    {
        [(MlflowSourceModel.StageTagUrn("Production"), "tagProperties")] = "Stage tag entities",
        [(MlflowSourceModel.StageTagUrn("Production"), "status")] = "Stage tag entities",
        [(MlflowSourceModel.StageTagUrn("Staging"), "tagProperties")] = "Stage tag entities",
        [(MlflowSourceModel.StageTagUrn("Staging"), "status")] = "Stage tag entities",
        [(MlflowSourceModel.RunUrn(MlflowStory.Run), "dataProcessInstanceOutput")] = "Run → model version edge",
        [(MlflowSourceModel.RunUrn(MlflowStory.Run), "dataProcessInstanceProperties")] = "Run `customProperties`",
        [(MlflowSourceModel.ModelUrn(MlflowStory.Version), "mlModelProperties")] = "Version `lastModified`",
    };

    /// <summary>Aspects we write that the MLflow source does not (no conflict: nobody else writes them), by their table row.</summary>
    private static readonly Dictionary<(string EntityType, string Aspect), string> Extra = new()
    {
        [("dataProcessInstance", "dataProcessInstanceRunEvent")] = "STARTED run event",
        [("mlModel", "dataPlatformInstance")] = "`dataPlatformInstance` of versions and groups",
        [("mlModelGroup", "dataPlatformInstance")] = "`dataPlatformInstance` of versions and groups",
    };

    private static readonly IReadOnlyList<SourceAspect> Source = MlflowSourceModel.Ingest(
        MlflowStory.TrackingUri, MlflowStory.Experiment, MlflowStory.Run, MlflowStory.RegisteredModel, MlflowStory.Version);

    private static AspectStore Replay()
    {
        var converter = new EventConverter(new ConversionOptions());
        var store = new AspectStore();
        foreach (var e in MlflowStory.Events())
        {
            store.ApplyAll(converter.Convert(e));
        }

        return store;
    }

    public static TheoryData<string, string> AgreedAspects()
    {
        var data = new TheoryData<string, string>();
        foreach (var a in Source.Where(a => !Deliberate.ContainsKey((a.Urn, a.AspectName))))
        {
            data.Add(a.Urn, a.AspectName);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(AgreedAspects))]
    public void Every_other_aspect_equals_what_the_MLflow_source_writes(string urn, string aspectName)
    {
        var expected = Source.Single(a => a.Urn == urn && a.AspectName == aspectName).Value;
        var actual = Replay().Get(urn, aspectName);

        Assert.True(actual is not null, $"{aspectName} of {urn} is missing; the MLflow source writes {expected.ToJsonString()}");
        Assert.True(JsonNode.DeepEquals(expected, actual),
            $"{aspectName} of {urn} differs from the MLflow source's.\n  mlflow.py: {expected.ToJsonString()}\n  ours:      {actual.ToJsonString()}");
    }

    [Fact]
    public void Each_deliberate_difference_is_real_and_has_its_row_in_the_mapping_table()
    {
        var store = Replay();
        foreach (var ((urn, aspectName), row) in Deliberate)
        {
            var expected = Source.Single(a => a.Urn == urn && a.AspectName == aspectName).Value;
            var actual = store.Get(urn, aspectName);
            Assert.False(actual is not null && JsonNode.DeepEquals(expected, actual), $"{aspectName} of {urn} now agrees: remove it from the deliberate differences");
            Assert.Contains($"| {row} |", MappingDoc, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Aspects_only_we_write_are_the_documented_extras()
    {
        var store = Replay();
        var sourceKeys = Source.Select(a => (a.Urn, a.AspectName)).ToHashSet();
        var extras = store.Keys.Where(k => !sourceKeys.Contains(k))
            .Select(k => (EntityType: Source.FirstOrDefault(a => a.Urn == k.Urn)?.EntityType ?? "?", k.AspectName))
            .Distinct()
            .ToList();

        Assert.All(extras, e => Assert.True(Extra.ContainsKey(e), $"we write {e.AspectName} on {e.EntityType} and the MLflow source does not: document it or stop"));
        Assert.All(Extra.Values, row => Assert.Contains($"| {row} |", MappingDoc, StringComparison.Ordinal));
    }

    [Fact]
    public void The_run_that_never_finished_shows_its_param_and_metric()
    {
        var props = Replay().Get(MlflowSourceModel.RunUrn(MlflowStory.Run), "mlTrainingRunProperties");

        Assert.NotNull(props);
        Assert.Equal("""[{"name":"learning_rate","value":"0.01"}]""", props["hyperParams"]!.ToJsonString());
        Assert.Equal("""[{"name":"auc","value":"0.91"}]""", props["trainingMetrics"]!.ToJsonString());
    }

    [Fact]
    public void The_models_guids_are_those_of_DataHubs_MLflow_golden_file()
    {
        // metadata-ingestion/tests/integration/mlflow/mlflow_mcps_golden.json: experiment "test-experiment", run
        // 02660a3bee9941ed983667f678ce5611, registered model "test-model".
        Assert.Equal("e37dbaee9481246e0997d7d8fefd8815", MlflowSourceModel.Guid(("platform", "urn:li:dataPlatform:mlflow"), ("id", "test-experiment")));
        Assert.Equal("2666299269d6ebea994d5ec0c29e3aca", MlflowSourceModel.Guid(("id", "02660a3bee9941ed983667f678ce5611"), ("orchestrator", "mlflow")));
        Assert.Equal("658730e7177b283e4f94410fe4b41519", MlflowSourceModel.Guid(("platform", "mlflow"), ("name", "test-model")));
    }
}
