using MlEvents.DataHub.Aspects;
using MlEvents.DataHub.Mcps;
using MlEvents.DataHub.Store;
using MlEvents.DataHub.Urns;
using static MlEvents.Conversion.Tests.Conversion.Events;

namespace MlEvents.Conversion.Tests.Conversion;

/// <summary>
/// Facts delivered by one event survive later events, in every write mode. The MCPs are applied to <see cref="AspectStore"/>,
/// which models GMS: Standard mode against a GMS of every stored version (no generic PATCH on template-less aspects),
/// GenericPatch mode against one that accepts them. Every write must also leave the PDL's required fields in place.
/// </summary>
public sealed class NeverEraseTests
{
    private static readonly Dictionary<string, string> Params = new() { ["learning_rate"] = "0.01", ["batch_size"] = "32" };
    private static readonly Dictionary<string, double> Metrics = new() { ["accuracy"] = 0.9, ["loss"] = 0.25 };
    private static readonly string Run = DataHubUrns.DataProcessInstanceForRun("run-1", "mlflow");
    private static readonly string GroupUrn = DataHubUrns.MlModelGroup("mlflow", "churn");

    public static TheoryData<WriteMode, bool> ModesAndOrders => new()
    {
        { WriteMode.Standard, false }, { WriteMode.Standard, true }, { WriteMode.GenericPatch, false }, { WriteMode.GenericPatch, true },
    };

    /// <summary>The GMS a mode is meant for: Standard against the strict one every stored DataHub version is.</summary>
    private static AspectStore StoreFor(WriteMode mode) => new(new AspectStoreOptions { GenericPatchOnAnyAspect = mode == WriteMode.GenericPatch });

    private static AspectStore Apply(WriteMode mode, params Contracts.MlEvent[] events)
    {
        var converter = new EventConverter(Mode(mode));
        var store = StoreFor(mode);
        foreach (var e in events)
        {
            store.ApplyAll(converter.Convert(e));
        }

        return store;
    }

    private static void AssertParamsAndMetrics(AspectStore store, string runUrn)
    {
        var props = store.Get<MlTrainingRunProperties>(runUrn)!;
        Assert.Equal("run-1", props.Id);
        Assert.Equal(["batch_size=32", "learning_rate=0.01"], props.HyperParams!.Select(p => $"{p.Name}={p.Value}").Order(StringComparer.Ordinal));
        Assert.Equal(["accuracy=0.9", "loss=0.25"], props.TrainingMetrics!.Select(m => $"{m.Name}={m.Value}").Order(StringComparer.Ordinal));
        Assert.Equal(["s3://bucket/model"], props.OutputUrls);
    }

    [Theory]
    [MemberData(nameof(ModesAndOrders))]
    public void Params_and_metrics_survive_in_either_order(WriteMode mode, bool finishFirst)
    {
        // RunFinished is cumulative (docs/EVENTS.md): it repeats the start parameters.
        var started = Started("run-1", Params);
        var finished = Finished("run-1", Metrics, hyperParams: Params);
        var store = finishFirst ? Apply(mode, finished, started) : Apply(mode, started, finished);
        AssertParamsAndMetrics(store, Run);
        Assert.Equal(["STARTED", "COMPLETE"], store.GetTimeseries(Run, DataProcessInstanceRunEvent.AspectName)
            .OrderBy(e => (long)e["timestampMillis"]!).Select(e => (string)e["status"]!));
    }

    [Fact]
    public void Standard_mode_shows_the_run_parameters_when_the_run_finishes()
    {
        // What Standard mode gives up: RunFinished owns mlTrainingRunProperties, so a running job shows none yet.
        Assert.Null(Apply(WriteMode.Standard, Started("run-1", Params)).Get<MlTrainingRunProperties>(Run));
        Assert.NotNull(Apply(WriteMode.GenericPatch, Started("run-1", Params)).Get<MlTrainingRunProperties>(Run)!.HyperParams);
    }

    [Fact]
    public void Standard_mode_loses_start_params_only_when_a_producer_breaks_the_cumulative_contract()
    {
        var store = Apply(WriteMode.Standard, Started("run-1", Params), Finished("run-1", Metrics));
        Assert.Empty(store.Get<MlTrainingRunProperties>(Run)!.HyperParams!);
        // GenericPatch mode does not depend on the contract.
        var patched = Apply(WriteMode.GenericPatch, Started("run-1", Params), Finished("run-1", Metrics)).Get<MlTrainingRunProperties>(Run)!;
        Assert.Equal(2, patched.HyperParams!.Count);
    }

    [Theory]
    [MemberData(nameof(ModesAndOrders))]
    public void Group_holds_both_runs_of_two_registered_versions_in_any_order(WriteMode mode, bool groupEventLast)
    {
        var group = Group("churn", ["run-1", "run-2"]); // cumulative trainingRunIds
        var v1 = Registered("churn-model", "1", "run-1", id: "e-r1");
        var v2 = Registered("churn-model", "2", "run-2", id: "e-r2");
        var store = groupEventLast ? Apply(mode, v1, v2, group) : Apply(mode, group, v1, v2);

        var stored = store.Get<MlModelGroupProperties>(GroupUrn)!;
        Assert.Equal(
            new[] { "run-1", "run-2" }.Select(r => DataHubUrns.DataProcessInstanceForRun(r, "mlflow")).Order(StringComparer.Ordinal),
            stored.TrainingJobs!.Order(StringComparer.Ordinal));
        Assert.Equal("Churn models", stored.Description);
        Assert.Null(stored.Name); // as the MLflow source: the URN's name is the group's name
        // Each version names its group and run from its own side, in every mode.
        var model2 = store.Get<MlModelProperties>(DataHubUrns.MlModel("mlflow", "churn-model_2"))!;
        Assert.Equal([GroupUrn], model2.Groups);
        Assert.Equal([DataHubUrns.DataProcessInstanceForRun("run-2", "mlflow")], model2.TrainingJobs);
    }

    [Fact]
    public void Generic_patch_mode_adds_each_versions_run_to_the_group_without_a_cumulative_list()
    {
        var store = Apply(WriteMode.GenericPatch, Registered("churn-model", "1", "run-1", id: "e-r1"), Group("churn"),
            Registered("churn-model", "2", "run-2", id: "e-r2"));
        Assert.Equal(2, store.Get<MlModelGroupProperties>(GroupUrn)!.TrainingJobs!.Count);
    }

    [Fact]
    public void Standard_mode_ModelRegistered_writes_nothing_to_the_group_or_the_run()
    {
        var mcps = new EventConverter(Mode(WriteMode.Standard)).Convert(Registered("churn-model", "1", "run-1", stage: "Production"));
        Assert.DoesNotContain(mcps, m => m.EntityType is "mlModelGroup" or "dataProcessInstance");
        Assert.All(mcps.Where(m => m.ChangeType == ChangeType.Patch), m => Assert.Contains(m.AspectName, AspectNames.PatchTemplates));
    }

    [Theory]
    [MemberData(nameof(ModesAndOrders))]
    public void Run_outputs_and_the_model_lineage_survive_in_any_order(WriteMode mode, bool registeredFirst)
    {
        var finished = Finished("run-1", Metrics);
        var registered = Registered("churn-model", "1", "run-1");
        var store = registeredFirst ? Apply(mode, registered, finished) : Apply(mode, finished, registered);

        var output = store.Get<DataProcessInstanceOutput>(Run)!;
        Assert.Empty(output.Outputs); // the PDL-required array exists
        var model = DataHubUrns.MlModel("mlflow", "churn-model_1");
        // Standard mode: the run → model edge lives on the model's side only (mlModelProperties.trainingJobs).
        var expectedEdges = mode == WriteMode.GenericPatch
            ? new[] { DataHubUrns.Dataset("s3", "bucket/predictions"), model }
            : [DataHubUrns.Dataset("s3", "bucket/predictions")];
        Assert.Equal(expectedEdges.Order(StringComparer.Ordinal), output.OutputEdges!.Select(e => e.DestinationUrn).Order(StringComparer.Ordinal));
        Assert.Equal([Run], store.Get<MlModelProperties>(model)!.TrainingJobs);
    }

    [Theory]
    [InlineData(WriteMode.Standard)]
    [InlineData(WriteMode.GenericPatch)]
    public void Replaying_every_event_changes_nothing(WriteMode mode)
    {
        var events = Samples.AirlineForecast();
        var converter = new EventConverter(Mode(mode));
        var store = StoreFor(mode);
        foreach (var e in events)
        {
            store.ApplyAll(converter.Convert(e));
        }

        var once = store.Snapshot();
        foreach (var e in events)
        {
            store.ApplyAll(converter.Convert(e));
        }

        Assert.Equal(once, store.Snapshot());
    }

    [Fact]
    public void A_GMS_without_generic_patch_applies_every_standard_mcp_and_refuses_generic_patch_mode()
    {
        var strict = new AspectStore();
        strict.ApplyAll(Samples.AirlineForecast().SelectMany(new EventConverter(Mode(WriteMode.Standard)).Convert));

        var mcps = new EventConverter(Mode(WriteMode.GenericPatch)).Convert(Started("run-1", Params));
        var refused = Assert.Throws<JsonPatchException>(() => new AspectStore().ApplyAll(mcps));
        Assert.Equal("Aspect: mlTrainingRunProperties does not currently support patch operations.", refused.Message);
    }

    [Theory]
    [InlineData(WriteMode.Standard)]
    [InlineData(WriteMode.GenericPatch)]
    public void Stage_changes_keep_tags_added_in_DataHub_and_hold_one_stage_tag(WriteMode mode)
    {
        var model = DataHubUrns.MlModel("mlflow", "churn-model_1");
        var converter = new EventConverter(Mode(mode));
        var store = StoreFor(mode);
        store.ApplyAll(converter.Convert(Registered("churn-model", "1", "run-1", stage: "Staging")));
        // Someone tags the version in DataHub's UI (an UPSERT of the whole aspect, as the UI's own write).
        var uiTags = store.Get<GlobalTags>(model)!.Tags.Append(new TagAssociation { Tag = "urn:li:tag:pii-reviewed" }).ToList();
        store.Apply(Mcp.Upsert(model, new GlobalTags { Tags = uiTags }));
        store.ApplyAll(converter.Convert(StageChanged("churn-model", "1", "Production")));
        store.ApplyAll(converter.Convert(StageChanged("churn-model", "1", "Archived")));

        Assert.Equal(["urn:li:tag:mlflow_archived", "urn:li:tag:pii-reviewed"],
            store.Get<GlobalTags>(model)!.Tags.Select(t => t.Tag).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void A_stage_change_before_the_registration_leaves_a_valid_tag_aspect()
    {
        // globalTags starts from its template default {tags: []}, so the PATCH alone is a valid aspect.
        var store = Apply(WriteMode.Standard, StageChanged("churn-model", "1", "Production"));
        Assert.Equal(["urn:li:tag:mlflow_production"], store.Get<GlobalTags>(DataHubUrns.MlModel("mlflow", "churn-model_1"))!.Tags.Select(t => t.Tag));
    }

    [Fact]
    public void Generic_patch_keys_with_slashes_and_tildes_address_the_right_elements()
    {
        var odd = new Dictionary<string, string> { ["optimizer/lr"] = "0.1", ["a~b"] = "2" };
        var store = Apply(WriteMode.GenericPatch,
            Started("run-1", odd),
            Finished("run-1", new Dictionary<string, double> { ["val/loss"] = 0.5 }, new Dictionary<string, string> { ["optimizer/lr"] = "0.2" }));
        var props = store.Get<MlTrainingRunProperties>(Run)!;
        Assert.Equal(["a~b=2", "optimizer/lr=0.2"], props.HyperParams!.Select(p => $"{p.Name}={p.Value}").Order(StringComparer.Ordinal));
        Assert.Equal(["val/loss=0.5"], props.TrainingMetrics!.Select(m => $"{m.Name}={m.Value}"));
    }
}
