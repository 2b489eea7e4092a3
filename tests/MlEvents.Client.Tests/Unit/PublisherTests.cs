using MlEvents.Client;
using MlEvents.Client.Tests.Support;
using MlEvents.Contracts;

namespace MlEvents.Client.Tests.Unit;

public sealed class PublisherTests
{
    [Fact]
    public async Task A_script_telling_the_guide_produces_the_sample_events_exactly()
    {
        var (publisher, sink, time) = TestPublishers.InMemory();

        await GuideScenario.PublishAsync(publisher, time);

        Assert.Equal(GuideScenario.SampleEvents(), sink.Events);
    }

    [Fact]
    public async Task Every_event_carries_the_key_of_its_entity()
    {
        var (publisher, sink, time) = TestPublishers.InMemory();

        await GuideScenario.PublishAsync(publisher, time);

        Assert.Equal(
            ["experiment:mlflow:airline_forecast_experiment", "run:mlflow:simple_training_run_4", "run:mlflow:simple_training_run_4",
             "modelGroup:mlflow:airline_forecast_models_group", "model:mlflow:arima_model", "model:mlflow:arima_model"],
            sink.Sent.Select(s => s.Key));
    }

    [Fact]
    public async Task Run_finished_repeats_every_param_and_the_latest_value_of_every_metric()
    {
        var (publisher, sink, _) = TestPublishers.InMemory();

        var run = await publisher.StartRunAsync("exp", "run-1", r => r.Params["lr"] = "0.1");
        run.LogParam("epochs", 10).LogParams([new("optimizer", "adam")]);
        run.LogMetric("loss", 0.9).LogMetric("loss", 0.4).LogMetrics([new("auc", 0.8)]);
        await run.FinishAsync(RunResult.SUCCESS);

        var finished = Assert.IsType<RunFinished>(sink.Events[^1].Payload);
        Assert.Equal(new Dictionary<string, string> { ["lr"] = "0.1", ["epochs"] = "10", ["optimizer"] = "adam" }, finished.HyperParams);
        Assert.Equal(new Dictionary<string, double> { ["loss"] = 0.4, ["auc"] = 0.8 }, finished.Metrics);
        Assert.Equal(run.StartTime, finished.StartTime);
        Assert.True(run.IsFinished);
    }

    [Fact]
    public async Task A_param_cannot_change_value_but_may_be_logged_again()
    {
        var (publisher, _, _) = TestPublishers.InMemory();
        var run = await publisher.StartRunAsync(null, "run-1", r => r.Params["lr"] = "0.1");

        run.LogParam("lr", "0.1");
        var error = Assert.Throws<ArgumentException>(() => run.LogParam("lr", 0.2));

        Assert.Contains("'lr'", error.Message);
        Assert.Equal("0.1", run.Params["lr"]);
    }

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(double.NegativeInfinity)]
    public async Task A_non_finite_metric_is_refused_when_logged(double value)
    {
        var (publisher, _, _) = TestPublishers.InMemory();
        var run = await publisher.StartRunAsync(null, "run-1");

        Assert.Throws<ArgumentOutOfRangeException>(() => run.LogMetric("loss", value));
        Assert.Empty(run.Metrics);
    }

    [Fact]
    public async Task An_invalid_event_is_rejected_before_anything_is_sent()
    {
        var (publisher, sink, _) = TestPublishers.InMemory();

        var error = await Assert.ThrowsAsync<EventValidationException>(() =>
            publisher.UpsertExperimentAsync(" ", e => e.ExternalUrl = "not a url"));

        Assert.Equal(["payload.experimentId", "payload.externalUrl"], error.Errors.Select(e => e.Field));
        Assert.Empty(sink.Sent);
    }

    [Fact]
    public async Task An_invalid_finish_sends_nothing_and_leaves_the_run_open()
    {
        var (publisher, sink, _) = TestPublishers.InMemory();
        var run = await publisher.StartRunAsync(null, "run-1");
        run.AddInputDataset("s3", "bucket/late-input");

        var error = await Assert.ThrowsAsync<EventValidationException>(() => run.FinishAsync(RunResult.SUCCESS, endTime: DateTimeOffset.FromUnixTimeMilliseconds(run.StartTime - 1)));

        Assert.Equal("payload.endTime", Assert.Single(error.Errors).Field);
        Assert.Single(sink.Sent); // only the RunStarted of StartRunAsync, not the re-announced start
        Assert.False(run.IsFinished);
        await run.FinishAsync(RunResult.SUCCESS);
        Assert.Equal(["RunStarted", "RunStarted", "RunFinished"], sink.Events.Select(e => e.Payload.TypeName));
    }

    [Fact]
    public async Task An_input_added_after_the_start_re_announces_the_start_before_the_finish()
    {
        var (publisher, sink, time) = TestPublishers.InMemory();
        var run = await publisher.StartRunAsync("exp", "run-1", r => r.AddInputDataset("s3", "bucket/train").Params["lr"] = "0.1");
        time.Advance(TimeSpan.FromMinutes(5));
        run.AddInputDataset("s3", "bucket/validation").LogParam("epochs", 3);

        await run.FinishAsync(RunResult.SUCCESS);

        Assert.Equal(["RunStarted", "RunStarted", "RunFinished"], sink.Events.Select(e => e.Payload.TypeName));
        var restart = Assert.IsType<RunStarted>(sink.Events[1].Payload);
        Assert.Equal(TestPublishers.GuideStart, restart.StartTime);
        Assert.Equal(["bucket/train", "bucket/validation"], restart.InputDatasets.Select(d => d.Name));
        Assert.Equal(2, restart.HyperParams.Count);
        Assert.NotEqual(sink.Events[0].EventId, sink.Events[1].EventId);
    }

    [Fact]
    public async Task A_run_disposed_without_finishing_is_recorded_as_failed()
    {
        var (publisher, sink, _) = TestPublishers.InMemory();

        await using (var run = await publisher.StartRunAsync(null, "run-1"))
        {
            run.LogMetric("loss", 1.5);
        }

        var finished = Assert.IsType<RunFinished>(sink.Events[^1].Payload);
        Assert.Equal(RunResult.FAILURE, finished.Result);
        Assert.Equal("FAILED", finished.NativeResultType);
        Assert.Equal(1.5, finished.Metrics["loss"]);
    }

    [Fact]
    public async Task A_finished_run_takes_no_more_facts_and_cannot_finish_twice()
    {
        var (publisher, _, _) = TestPublishers.InMemory();
        var run = await publisher.StartRunAsync(null, "run-1");
        await run.FinishAsync(RunResult.SUCCESS);

        Assert.Throws<InvalidOperationException>(() => run.LogMetric("late", 1));
        await Assert.ThrowsAsync<InvalidOperationException>(() => run.FinishAsync(RunResult.SUCCESS));
    }

    [Fact]
    public async Task A_failed_finish_can_be_retried()
    {
        var (publisher, sink, _) = TestPublishers.InMemory();
        var run = await publisher.StartRunAsync(null, "run-1");
        sink.FailWith = (e, key) => new PublishException(e.EventId, e.Payload.TypeName, key, PublishFailure.Delivery, "boom");

        await Assert.ThrowsAsync<PublishException>(() => run.FinishAsync(RunResult.SUCCESS));
        Assert.False(run.IsFinished);

        sink.FailWith = null;
        await run.FinishAsync(RunResult.SUCCESS);
        Assert.True(run.IsFinished);
    }

    [Fact]
    public async Task Event_envelope_uses_the_clock_the_options_and_the_id_factory()
    {
        var options = TestPublishers.Options("sagemaker");
        options.Environment = "DEV";
        options.Actor = "alice";
        options.EventIdFactory = p => $"id-{p.TypeName}";
        var (publisher, sink, time) = TestPublishers.InMemory(options);
        time.Advance(TimeSpan.FromMilliseconds(1234));

        await publisher.SetAliasesAsync("churn", "3", []);

        var e = Assert.Single(sink.Events);
        Assert.Equal(("id-ModelAliasesChanged", TestPublishers.GuideStart + 1234, "sagemaker", "DEV", "alice"),
            (e.EventId, e.EventTime, e.Platform, e.Environment, e.Actor));
        Assert.Empty(Assert.IsType<ModelAliasesChanged>(e.Payload).Aliases);
    }

    [Fact]
    public async Task A_complete_event_is_published_as_it_is()
    {
        var (publisher, sink, _) = TestPublishers.InMemory();
        var sample = GuideScenario.SampleEvents()[0];

        var published = await publisher.PublishAsync(sample);

        Assert.Same(sample, Assert.Single(sink.Events));
        Assert.Equal(EventKeys.For(sample), published.Key);
    }

    [Fact]
    public async Task Disposing_the_publisher_disposes_its_sink_and_refuses_further_events()
    {
        var (publisher, sink, _) = TestPublishers.InMemory();

        await publisher.DisposeAsync();

        Assert.True(sink.Disposed);
        await Assert.ThrowsAsync<ObjectDisposedException>(() => publisher.SetStageAsync("m", "1", ModelStage.Staging));
    }
}
