using MlEvents.Client;
using MlEvents.Client.Tests.Support;
using MlEvents.Contracts;

namespace MlEvents.Client.Tests.Unit;

public sealed class ModelGroupCumulativeTests
{
    [Fact]
    public async Task Registering_versions_from_new_runs_republishes_the_group_with_every_run_and_its_description()
    {
        var (publisher, sink, time) = TestPublishers.InMemory();
        await publisher.UpsertModelGroupAsync("forecast", g =>
        {
            g.Description = "forecasting models";
            g.CustomProperties["team"] = "fc";
            g.TrainingRunIds.Add("run-from-last-week");
        });
        var groupCreatedAt = TestPublishers.GuideStart;

        time.Advance(TimeSpan.FromSeconds(10));
        await publisher.RegisterModelVersionAsync("arima", "1", v => { v.GroupName = "forecast"; v.RunId = "run-a"; });
        await publisher.RegisterModelVersionAsync("arima", "2", v => { v.GroupName = "forecast"; v.RunId = "run-b"; });
        await publisher.RegisterModelVersionAsync("arima", "3", v => { v.GroupName = "forecast"; v.RunId = "run-a"; });

        Assert.Equal(
            ["ModelGroupUpserted", "ModelRegistered", "ModelGroupUpserted", "ModelRegistered", "ModelGroupUpserted", "ModelRegistered"],
            sink.Events.Select(e => e.Payload.TypeName));
        var last = Assert.IsType<ModelGroupUpserted>(sink.Events[4].Payload);
        Assert.Equal(["run-from-last-week", "run-a", "run-b"], last.TrainingRunIds);
        Assert.Equal("forecasting models", last.Description);
        Assert.Equal("fc", last.CustomProperties["team"]);
        Assert.Equal(groupCreatedAt, last.CreatedAt);
        Assert.Equal(TestPublishers.GuideStart + 10_000, last.LastModifiedAt);
    }

    [Fact]
    public async Task Runs_of_versions_registered_before_the_group_is_upserted_are_carried_by_the_upsert()
    {
        var (publisher, sink, _) = TestPublishers.InMemory();

        await publisher.RegisterModelVersionAsync("arima", "1", v => { v.GroupName = "forecast"; v.RunId = "run-a"; });
        await publisher.UpsertModelGroupAsync("forecast");

        Assert.Equal(["ModelRegistered", "ModelGroupUpserted"], sink.Events.Select(e => e.Payload.TypeName));
        Assert.Equal(["run-a"], Assert.IsType<ModelGroupUpserted>(sink.Events[1].Payload).TrainingRunIds);
    }

    [Fact]
    public async Task Republishing_can_be_turned_off()
    {
        var options = TestPublishers.Options();
        options.RepublishModelGroupOnNewRun = false;
        var (publisher, sink, _) = TestPublishers.InMemory(options);

        await publisher.UpsertModelGroupAsync("forecast");
        await publisher.RegisterModelVersionAsync("arima", "1", v => { v.GroupName = "forecast"; v.RunId = "run-a"; });
        await publisher.UpsertModelGroupAsync("forecast");

        Assert.Equal(["ModelGroupUpserted", "ModelRegistered", "ModelGroupUpserted"], sink.Events.Select(e => e.Payload.TypeName));
        Assert.Equal(["run-a"], Assert.IsType<ModelGroupUpserted>(sink.Events[2].Payload).TrainingRunIds);
    }

    [Fact]
    public async Task A_version_from_a_run_carries_the_runs_params_and_metrics_overridden_by_its_own()
    {
        var (publisher, sink, _) = TestPublishers.InMemory();
        var run = await publisher.StartRunAsync(null, "run-a", r => r.Params["lr"] = "0.1");
        run.LogMetric("rmse", 3).LogMetric("mae", 2);

        await publisher.RegisterModelVersionAsync("arima", "1", v =>
        {
            v.FromRun(run);
            v.TrainingMetrics["rmse"] = 2.5;
        });

        var registered = Assert.IsType<ModelRegistered>(sink.Events[^1].Payload);
        Assert.Equal("run-a", registered.RunId);
        Assert.Equal(new Dictionary<string, double> { ["rmse"] = 2.5, ["mae"] = 2 }, registered.TrainingMetrics);
        Assert.Equal("0.1", registered.HyperParams["lr"]);
    }
}
