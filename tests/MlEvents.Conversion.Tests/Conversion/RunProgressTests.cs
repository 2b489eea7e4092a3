using System.Text.Json.Nodes;
using MlEvents.Contracts;
using MlEvents.DataHub.Aspects;
using MlEvents.DataHub.Store;
using MlEvents.DataHub.Urns;
using static MlEvents.Conversion.Tests.Conversion.Events;

namespace MlEvents.Conversion.Tests.Conversion;

/// <summary>
/// Issue 14: a running run reports its params and metrics with RunUpdated, so a run that never finishes (still running,
/// or crashed) shows them; RunUpdated touches only the run's training properties, in every write mode.
/// </summary>
public sealed class RunProgressTests
{
    private static readonly string Run = DataHubUrns.DataProcessInstanceForRun("run-1", "mlflow");
    private static readonly Dictionary<string, string> Params = new() { ["learning_rate"] = "0.01", ["batch_size"] = "32" };

    private static MlEvent Updated(IReadOnlyDictionary<string, double> metrics, string id, long time) => Of(new RunUpdated
    {
        RunId = "run-1",
        HyperParams = Params,
        Metrics = metrics,
        OutputUrls = ["s3://bucket/model"],
    }, time, id);

    private static AspectStore Apply(WriteMode mode, params MlEvent[] events)
    {
        var converter = new EventConverter(Mode(mode));
        var store = new AspectStore(new AspectStoreOptions { GenericPatchOnAnyAspect = mode == WriteMode.GenericPatch });
        foreach (var e in events)
        {
            store.ApplyAll(converter.Convert(e));
        }

        return store;
    }

    private static string[] Values(IEnumerable<MlMetric>? metrics) => [.. (metrics ?? []).Select(m => $"{m.Name}={m.Value}").Order(StringComparer.Ordinal)];

    private static string[] Values(IEnumerable<MlHyperParam>? hyperParams) => [.. (hyperParams ?? []).Select(p => $"{p.Name}={p.Value}").Order(StringComparer.Ordinal)];

    [Theory]
    [InlineData(WriteMode.Standard)]
    [InlineData(WriteMode.GenericPatch)]
    public void A_run_without_a_finish_event_shows_its_latest_metrics_and_params(WriteMode mode)
    {
        var store = Apply(mode,
            Started("run-1", Params),
            Updated(new Dictionary<string, double> { ["loss"] = 0.9 }, "e-u1", T0 + 1000),
            Updated(new Dictionary<string, double> { ["loss"] = 0.4, ["accuracy"] = 0.8 }, "e-u2", T0 + 2000));

        var props = store.Get<MlTrainingRunProperties>(Run)!;
        Assert.Equal(["accuracy=0.8", "loss=0.4"], Values(props.TrainingMetrics));
        Assert.Equal(["batch_size=32", "learning_rate=0.01"], Values(props.HyperParams));
        Assert.Equal(["s3://bucket/model"], props.OutputUrls);
        // Still running: only the STARTED point.
        Assert.Equal(["STARTED"], store.GetTimeseries(Run, DataProcessInstanceRunEvent.AspectName).Select(e => (string)e["status"]!));
    }

    [Theory]
    [InlineData(WriteMode.Standard)]
    [InlineData(WriteMode.GenericPatch)]
    public void RunUpdated_leaves_what_RunStarted_and_RunFinished_own_untouched(WriteMode mode)
    {
        var started = Started("run-1", Params);
        var finished = Finished("run-1", new Dictionary<string, double> { ["loss"] = 0.1 }, Params);
        var without = Apply(mode, started, finished).Snapshot();

        var with = Apply(mode, started, Updated(new Dictionary<string, double> { ["loss"] = 0.5 }, "e-u1", T0 + 1000), finished).Snapshot();

        // The same final state: the update's aspect is rewritten by the finish, and nothing else was touched.
        Assert.Equal(without.Keys.Order(), with.Keys.Order());
        Assert.All(without, kv => Assert.True(JsonNode.DeepEquals(JsonNode.Parse(kv.Value), JsonNode.Parse(with[kv.Key])), $"{kv.Key}: {kv.Value} vs {with[kv.Key]}"));
    }

    [Fact]
    public void A_RunStarted_replayed_after_the_updates_erases_nothing()
    {
        var started = Started("run-1", Params);
        var store = Apply(WriteMode.Standard, started, Updated(new Dictionary<string, double> { ["loss"] = 0.4 }, "e-u1", T0 + 1000), started);

        Assert.Equal(["loss=0.4"], Values(store.Get<MlTrainingRunProperties>(Run)!.TrainingMetrics));
    }

    [Fact]
    public void The_final_state_of_a_run_that_only_reported_progress_is_valid_for_GMS()
    {
        // AspectStore enforces the PDL's required fields after every write, as GMS does; Apply would throw otherwise.
        var store = Apply(WriteMode.Standard, Started("run-1", Params), Updated(new Dictionary<string, double> { ["loss"] = 0.4 }, "e-u1", T0 + 1000));

        Assert.NotNull(store.Get<DataProcessInstanceProperties>(Run));
        Assert.Equal("run-1", store.Get<MlTrainingRunProperties>(Run)!.Id);
    }
}
