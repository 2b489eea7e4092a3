using MlEvents.Client;
using MlEvents.Client.Tests.Support;
using MlEvents.Contracts;

namespace MlEvents.Client.Tests.Unit;

/// <summary>What MLflow users expect: steps, tags after the start, ISO dates, stage constants, one alias at a time.</summary>
public sealed class RunAndModelOperationsTests
{
    [Fact]
    public async Task Metrics_keep_the_latest_value_per_name_by_step_with_its_step_and_time()
    {
        var (publisher, sink, time) = TestPublishers.InMemory();
        var run = await publisher.StartRunAsync(null, "run-1");

        for (var step = 0; step < 100; step++)
        {
            time.Advance(TimeSpan.FromSeconds(1));
            run.LogMetric("loss", 1.0 / (step + 1), step);
        }
        run.LogMetric("loss", 99, step: 10); // a late value of an earlier step does not replace the latest
        var measured = DateTimeOffset.FromUnixTimeMilliseconds(TestPublishers.GuideStart + 5_000);
        run.LogMetrics([new("auc", 0.8), new("f1", 0.7)], step: 3, timestamp: measured);

        Assert.Equal(new MetricValue(0.01, 99, null), run.LatestMetrics["loss"]);
        Assert.Equal(new MetricValue(0.8, 3, measured), run.LatestMetrics["auc"]);
        await run.FinishAsync(RunResult.SUCCESS);
        var finished = Assert.IsType<RunFinished>(sink.Events[^1].Payload);
        Assert.Equal(new Dictionary<string, double> { ["loss"] = 0.01, ["auc"] = 0.8, ["f1"] = 0.7 }, finished.Metrics);
        Assert.Equal(new Dictionary<string, long> { ["loss"] = 99, ["auc"] = 3, ["f1"] = 3 }, finished.MetricSteps);
        Assert.Equal(new Dictionary<string, long> { ["auc"] = measured.ToUnixTimeMilliseconds(), ["f1"] = measured.ToUnixTimeMilliseconds() }, finished.MetricTimestamps);
    }

    [Fact]
    public async Task Tags_set_after_the_start_re_announce_the_start_with_every_tag_before_the_finish()
    {
        var (publisher, sink, _) = TestPublishers.InMemory();
        var run = await publisher.StartRunAsync("exp", "run-1", r => r.CustomProperties["team"] = "fc");

        run.SetTag("git_sha", "abc123").SetTag("team", "forecasting");
        await run.FinishAsync(RunResult.SUCCESS);

        Assert.Equal(["RunStarted", "RunStarted", "RunFinished"], sink.Events.Select(e => e.Payload.TypeName));
        var restart = Assert.IsType<RunStarted>(sink.Events[1].Payload);
        Assert.Equal(new Dictionary<string, string> { ["team"] = "forecasting", ["git_sha"] = "abc123" }, restart.CustomProperties);
        Assert.Equal(run.StartTime, restart.StartTime);
    }

    [Fact]
    public async Task Dates_and_durations_are_logged_as_ISO_8601_and_numbers_culture_free()
    {
        var (publisher, _, _) = TestPublishers.InMemory();
        var run = await publisher.StartRunAsync(null, "run-1");

        run.LogParam("cutoff", new DateTime(2026, 1, 2, 3, 4, 5, DateTimeKind.Utc))
            .LogParam("window_start", new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.FromHours(2)))
            .LogParam("day", new DateOnly(2026, 1, 2))
            .LogParam("budget", TimeSpan.FromMinutes(90))
            .LogParam("lr", 0.001)
            .LogParam("early_stop", true);

        Assert.Equal(new Dictionary<string, string>
        {
            ["cutoff"] = "2026-01-02T03:04:05.0000000Z",
            ["window_start"] = "2026-01-02T03:04:05.0000000+02:00",
            ["day"] = "2026-01-02",
            ["budget"] = "PT1H30M",
            ["lr"] = "0.001",
            ["early_stop"] = "True",
        }, run.Params);
    }

    [Fact]
    public async Task Stages_are_MLflows_four_or_explicitly_custom()
    {
        var (publisher, sink, _) = TestPublishers.InMemory();

        await publisher.SetStageAsync("churn", "1", ModelStage.Production);
        await publisher.SetStageAsync("churn", "2", ModelStage.Parse("staging"));
        await publisher.SetStageAsync("churn", "3", ModelStage.Custom("Canary"));
        await publisher.SetStageAsync("churn", "4", default);

        Assert.Equal(["Production", "Staging", "Canary", "None"], sink.Events.Select(e => ((ModelStageChanged)e.Payload).Stage));
        var error = Assert.Throws<ArgumentException>(() => ModelStage.Parse("Prod"));
        Assert.Contains("ModelStage.Custom(\"Prod\")", error.Message);
        Assert.Equal(ModelStage.Production, ModelStage.Custom("PRODUCTION"));
        Assert.False(ModelStage.Custom("Canary").IsMlflowStage);
    }

    [Fact]
    public async Task One_alias_is_added_or_removed_and_an_alias_moves_between_versions_as_in_MLflow()
    {
        var (publisher, sink, _) = TestPublishers.InMemory();
        await publisher.RegisterModelVersionAsync("churn", "1", v => v.Aliases.Add("champion"));
        await publisher.RegisterModelVersionAsync("churn", "2", v => v.Aliases.Add("latest"));

        await publisher.AddAliasAsync("churn", "2", "champion");
        await publisher.RemoveAliasAsync("churn", "2", "latest");

        var changes = sink.Events.Skip(2).Select(e => (ModelAliasesChanged)e.Payload).Select(p => (p.Version, string.Join(",", p.Aliases))).ToList();
        Assert.Equal([("2", "latest,champion"), ("1", ""), ("2", "champion")], changes);
    }

    [Fact]
    public async Task A_single_alias_change_needs_the_versions_aliases_to_be_known()
    {
        var (publisher, sink, _) = TestPublishers.InMemory();

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => publisher.AddAliasAsync("churn", "7", "champion"));

        Assert.Contains("SetAliasesAsync", error.Message);
        Assert.Empty(sink.Sent);
        await publisher.SetAliasesAsync("churn", "7", ["challenger"]);
        await publisher.AddAliasAsync("churn", "7", "champion");
        Assert.Equal(["challenger", "champion"], ((ModelAliasesChanged)sink.Events[^1].Payload).Aliases);
    }

    [Fact]
    public async Task A_users_fake_run_can_stand_in_for_a_real_one()
    {
        var (publisher, sink, _) = TestPublishers.InMemory();
        ITrainingRun fake = new FakeRun();

        await publisher.RegisterModelVersionAsync("churn", "1", v => v.FromRun(fake));

        var registered = Assert.IsType<ModelRegistered>(Assert.Single(sink.Events).Payload);
        Assert.Equal(("fake-run", "0.1", 0.5), (registered.RunId, registered.HyperParams["lr"], registered.TrainingMetrics["loss"]));
        Assert.Same(fake, fake.LogParams([new("a", "b")]).AddInputDataset("s3", "bucket/x"));
    }

    private sealed class FakeRun : ITrainingRun
    {
        public string RunId => "fake-run";
        public string? ExperimentId => null;
        public long StartTime => TestPublishers.GuideStart;
        public bool IsFinished => false;
        public IReadOnlyDictionary<string, string> Params { get; } = new Dictionary<string, string> { ["lr"] = "0.1" };
        public IReadOnlyDictionary<string, double> Metrics { get; } = new Dictionary<string, double> { ["loss"] = 0.5 };
        public IReadOnlyDictionary<string, MetricValue> LatestMetrics { get; } = new Dictionary<string, MetricValue>();
        public IReadOnlyDictionary<string, string> Tags { get; } = new Dictionary<string, string>();
        public RunStarted Started => new() { RunId = RunId };
        public RunFinished? Finished => null;
        public ITrainingRun LogParam(string name, object value) => this;
        public ITrainingRun LogMetric(string name, double value, long? step = null, DateTimeOffset? timestamp = null) => this;
        public ITrainingRun SetTag(string key, string value) => this;
        public ITrainingRun AddInputDataset(DatasetRef dataset) => this;
        public ITrainingRun AddOutputDataset(DatasetRef dataset) => this;
        public ITrainingRun AddOutputUrl(string url) => this;
        public Task<PublishedEvent> FinishAsync(RunResult result, string? nativeResultType = null, DateTimeOffset? endTime = null, CancellationToken cancellationToken = default) =>
            throw new NotSupportedException();
        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
