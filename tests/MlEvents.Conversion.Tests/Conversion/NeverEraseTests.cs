using MlEvents.DataHub.Aspects;
using MlEvents.DataHub.Mcps;
using MlEvents.DataHub.Store;
using MlEvents.DataHub.Urns;
using static MlEvents.Conversion.Tests.Conversion.Events;

namespace MlEvents.Conversion.Tests.Conversion;

/// <summary>
/// Issue 2's rule: facts delivered by one event survive later events. The MCPs are applied to <see cref="AspectStore"/>,
/// which models DataHub's UPSERT / generic PATCH / timeseries semantics.
/// </summary>
public sealed class NeverEraseTests
{
    private static readonly Dictionary<string, string> Params = new() { ["learning_rate"] = "0.01", ["batch_size"] = "32" };
    private static readonly Dictionary<string, double> Metrics = new() { ["accuracy"] = 0.9, ["loss"] = 0.25 };
    private static readonly string Run = DataHubUrns.DataProcessInstanceForRun("run-1", "mlflow");

    private static AspectStore Apply(ConversionOptions options, params Contracts.MlEvent[] events)
    {
        var converter = new EventConverter(options);
        var store = new AspectStore();
        foreach (var e in events)
        {
            store.ApplyAll(converter.Convert(e));
        }

        return store;
    }

    private static void AssertParamsAndMetrics(AspectStore store, string runUrn, bool expectMetrics = true)
    {
        var props = store.Get<MlTrainingRunProperties>(runUrn)!;
        Assert.Equal("run-1", props.Id);
        Assert.Equal(["batch_size=32", "learning_rate=0.01"], props.HyperParams!.Select(p => $"{p.Name}={p.Value}").Order(StringComparer.Ordinal));
        if (expectMetrics)
        {
            Assert.Equal(["accuracy=0.9", "loss=0.25"], props.TrainingMetrics!.Select(m => $"{m.Name}={m.Value}").Order(StringComparer.Ordinal));
            Assert.Equal(["s3://bucket/model"], props.OutputUrls);
        }
    }

    [Fact]
    public void Patch_mode_keeps_start_params_when_the_finish_event_carries_only_metrics()
    {
        var store = Apply(Mode(WriteMode.Patch), Started("run-1", Params), Finished("run-1", Metrics));
        AssertParamsAndMetrics(store, Run);
    }

    [Fact]
    public void Patch_mode_keeps_everything_when_finish_is_applied_before_start()
    {
        var store = Apply(Mode(WriteMode.Patch), Finished("run-1", Metrics), Started("run-1", Params));
        AssertParamsAndMetrics(store, Run);
        // Both run events of the timeseries aspect are kept, whatever the order.
        Assert.Equal(["STARTED", "COMPLETE"], store.GetTimeseries(Run, DataProcessInstanceRunEvent.AspectName)
            .OrderBy(e => (long)e["timestampMillis"]!).Select(e => (string)e["status"]!));
    }

    [Fact]
    public void Upsert_mode_keeps_params_because_RunFinished_is_cumulative()
    {
        var store = Apply(Mode(WriteMode.Upsert), Started("run-1", Params), Finished("run-1", Metrics, hyperParams: Params));
        AssertParamsAndMetrics(store, Run);
    }

    [Fact]
    public void Upsert_mode_erases_params_when_a_producer_breaks_the_cumulative_contract()
    {
        // Documents the limit of Upsert mode (docs/MAPPING.md): a non-cumulative RunFinished replaces the aspect.
        var store = Apply(Mode(WriteMode.Upsert), Started("run-1", Params), Finished("run-1", Metrics));
        Assert.Null(store.Get<MlTrainingRunProperties>(Run)!.HyperParams);
        // Patch mode does not depend on the contract.
        AssertParamsAndMetrics(Apply(Mode(WriteMode.Patch), Started("run-1", Params), Finished("run-1", Metrics)), Run);
    }

    [Fact]
    public void Upsert_mode_in_reverse_order_loses_the_metrics_which_is_why_it_relies_on_the_run_key_order()
    {
        // Both run events share the Kafka key run:<platform>:<runId>, so this order cannot happen in the worker.
        var store = Apply(Mode(WriteMode.Upsert), Finished("run-1", Metrics, hyperParams: Params), Started("run-1", Params));
        AssertParamsAndMetrics(store, Run, expectMetrics: false);
        Assert.Null(store.Get<MlTrainingRunProperties>(Run)!.TrainingMetrics);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Patch_mode_group_holds_both_runs_of_two_registered_versions_in_any_order(bool groupEventLast)
    {
        var group = Group("churn");
        var v1 = Registered("churn-model", "1", "run-1", id: "e-r1");
        var v2 = Registered("churn-model", "2", "run-2", id: "e-r2");
        var store = groupEventLast ? Apply(Mode(WriteMode.Patch), v1, v2, group) : Apply(Mode(WriteMode.Patch), group, v1, v2);

        var stored = store.Get<MlModelGroupProperties>(DataHubUrns.MlModelGroup("mlflow", "churn"))!;
        Assert.Equal(
            new[] { "run-1", "run-2" }.Select(r => DataHubUrns.DataProcessInstanceForRun(r, "mlflow")).Order(StringComparer.Ordinal),
            stored.TrainingJobs!.Order(StringComparer.Ordinal));
        Assert.Equal("Churn models", stored.Description);
        Assert.Equal("churn", stored.Name);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Upsert_mode_group_holds_both_runs_when_ModelGroupUpserted_is_cumulative(bool groupEventFirst)
    {
        var group = Group("churn", ["run-1", "run-2"]);
        var v1 = Registered("churn-model", "1", "run-1", id: "e-r1");
        var v2 = Registered("churn-model", "2", "run-2", id: "e-r2");
        var store = groupEventFirst ? Apply(Mode(WriteMode.Upsert), group, v1, v2) : Apply(Mode(WriteMode.Upsert), v1, v2, group);
        var stored = store.Get<MlModelGroupProperties>(DataHubUrns.MlModelGroup("mlflow", "churn"))!;
        Assert.Equal(
            new[] { "run-1", "run-2" }.Select(r => DataHubUrns.DataProcessInstanceForRun(r, "mlflow")),
            stored.TrainingJobs);
        // ModelRegistered does not touch the group in Upsert mode: each version still names its group and run.
        var model2 = store.Get<MlModelProperties>(DataHubUrns.MlModel("mlflow", "churn-model_2"))!;
        Assert.Equal([DataHubUrns.MlModelGroup("mlflow", "churn")], model2.Groups);
        Assert.Equal([DataHubUrns.DataProcessInstanceForRun("run-2", "mlflow")], model2.TrainingJobs);
    }

    [Fact]
    public void Upsert_mode_ModelRegistered_writes_nothing_to_the_group_or_the_run()
    {
        var converter = new EventConverter(Mode(WriteMode.Upsert));
        var mcps = converter.Convert(Registered("churn-model", "1", "run-1"));
        Assert.All(mcps, m => Assert.Equal(ChangeType.Upsert, m.ChangeType));
        Assert.DoesNotContain(mcps, m => m.EntityType is "mlModelGroup" or "dataProcessInstance");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Patch_mode_run_outputs_hold_datasets_and_the_registered_model_in_any_order(bool registeredFirst)
    {
        var finished = Finished("run-1", Metrics);
        var registered = Registered("churn-model", "1", "run-1");
        var store = registeredFirst ? Apply(Mode(WriteMode.Patch), registered, finished) : Apply(Mode(WriteMode.Patch), finished, registered);

        var output = store.Get<DataProcessInstanceOutput>(Run)!;
        Assert.Empty(output.Outputs); // the PDL-required array exists
        Assert.Equal(
            new[] { DataHubUrns.Dataset("s3", "bucket/predictions"), DataHubUrns.MlModel("mlflow", "churn-model_1") }.Order(StringComparer.Ordinal),
            output.OutputEdges!.Select(e => e.DestinationUrn).Order(StringComparer.Ordinal));
        Assert.True(store.Get(Run, DataProcessInstanceOutput.AspectName)!.ContainsKey("outputs"));
    }

    [Fact]
    public void Patch_mode_replaying_every_event_changes_nothing()
    {
        var events = Samples.AirlineForecast();
        var converter = new EventConverter(new ConversionOptions());
        var store = new AspectStore();
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
    public void Patch_mode_needs_generic_patch_on_non_template_aspects()
    {
        // A GMS without generic patch support rejects the multi-source PATCHes: that is what Upsert mode is for.
        var strict = new AspectStore(new AspectStoreOptions { GenericPatchOnAnyAspect = false });
        var mcps = new EventConverter(Mode(WriteMode.Patch)).Convert(Started("run-1", Params));
        Assert.Throws<JsonPatchException>(() => strict.ApplyAll(mcps));

        var upserts = new EventConverter(Mode(WriteMode.Upsert)).Convert(Started("run-1", Params));
        new AspectStore(new AspectStoreOptions { GenericPatchOnAnyAspect = false }).ApplyAll(upserts);
    }

    [Fact]
    public void Patch_mode_stage_changes_keep_tags_added_in_DataHub_and_hold_one_stage_tag()
    {
        var model = DataHubUrns.MlModel("mlflow", "churn-model_1");
        var converter = new EventConverter(Mode(WriteMode.Patch));
        var store = new AspectStore();
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
    public void Upsert_mode_stage_changes_replace_all_tags_as_the_MLflow_source_does()
    {
        var model = DataHubUrns.MlModel("mlflow", "churn-model_1");
        var store = new AspectStore();
        store.Apply(Mcp.Upsert(model, new GlobalTags { Tags = [new TagAssociation { Tag = "urn:li:tag:pii-reviewed" }] }));
        store.ApplyAll(new EventConverter(Mode(WriteMode.Upsert)).Convert(StageChanged("churn-model", "1", "Production")));
        Assert.Equal(["urn:li:tag:mlflow_production"], store.Get<GlobalTags>(model)!.Tags.Select(t => t.Tag));
    }

    [Fact]
    public void Patch_keys_with_slashes_and_tildes_address_the_right_elements()
    {
        var odd = new Dictionary<string, string> { ["optimizer/lr"] = "0.1", ["a~b"] = "2" };
        var store = Apply(Mode(WriteMode.Patch),
            Started("run-1", odd),
            Finished("run-1", new Dictionary<string, double> { ["val/loss"] = 0.5 }, new Dictionary<string, string> { ["optimizer/lr"] = "0.2" }));
        var props = store.Get<MlTrainingRunProperties>(Run)!;
        Assert.Equal(["a~b=2", "optimizer/lr=0.2"], props.HyperParams!.Select(p => $"{p.Name}={p.Value}").Order(StringComparer.Ordinal));
        Assert.Equal(["val/loss=0.5"], props.TrainingMetrics!.Select(m => $"{m.Name}={m.Value}"));
    }
}
