using MlEvents.Client;
using MlEvents.Client.Tests.Support;
using MlEvents.Contracts;

namespace MlEvents.Client.Tests.Unit;

/// <summary>RunUpdated from a running <see cref="TrainingRun"/>: explicitly, and at a bounded rate from a logging loop.</summary>
public sealed class RunUpdateTests
{
    private static List<RunUpdated> Updates(RecordingSink sink) => [.. sink.Events.Select(e => e.Payload).OfType<RunUpdated>()];

    [Fact]
    public async Task UpdateAsync_reports_every_param_metric_and_output_url_so_far_under_the_runs_key()
    {
        var (publisher, sink, _) = TestPublishers.InMemory();
        var run = await publisher.StartRunAsync("exp", "run-1", r => r.Params["lr"] = "0.1");
        run.LogParam("epochs", 10).LogMetric("loss", 0.9).LogMetric("loss", 0.5).AddOutputUrl("s3://b/out");

        var published = await run.UpdateAsync();

        Assert.Equal("run:mlflow:run-1", published.Key);
        Assert.Equal(new RunUpdated
        {
            RunId = "run-1",
            HyperParams = new Dictionary<string, string> { ["lr"] = "0.1", ["epochs"] = "10" },
            Metrics = new Dictionary<string, double> { ["loss"] = 0.5 },
            OutputUrls = ["s3://b/out"],
        }, published.Event.Payload);
    }

    [Fact]
    public async Task A_loop_logging_every_second_for_a_minute_sends_one_report_per_interval_each_with_the_latest_values()
    {
        var (publisher, sink, time) = TestPublishers.InMemory();
        var run = await publisher.StartRunAsync("exp", "run-1", r => r.UpdateInterval = TimeSpan.FromSeconds(15));

        for (var step = 1; step <= 60; step++)
        {
            time.Advance(TimeSpan.FromSeconds(1));
            run.LogMetric("loss", 1.0 / step).LogMetric("step", step);
        }

        var updates = Updates(sink);
        Assert.Equal(4, updates.Count); // at 15, 30, 45 and 60 s: never more than one per 15 s
        // Each carries everything logged before it was sent (the step of second 15 is logged just after the report).
        Assert.Equal([14.0, 29.0, 44.0, 59.0], updates.Select(u => u.Metrics["step"]));
        Assert.All(updates, u => Assert.Equal(1.0 / u.Metrics["step"], u.Metrics["loss"]));
        Assert.Null(run.LastUpdateFailure);
    }

    [Fact]
    public async Task Nothing_logged_means_no_report_and_a_late_log_is_reported_within_the_interval()
    {
        var (publisher, sink, time) = TestPublishers.InMemory();
        var run = await publisher.StartRunAsync("exp", "run-1");

        time.Advance(TimeSpan.FromMinutes(5));
        Assert.Empty(Updates(sink));

        run.LogMetric("loss", 0.3); // the last report (the start) is older than the interval: reported at once
        Assert.Equal(0.3, Assert.Single(Updates(sink)).Metrics["loss"]);

        run.LogMetric("loss", 0.2);
        time.Advance(RunOptions.DefaultUpdateInterval - TimeSpan.FromMilliseconds(1));
        Assert.Single(Updates(sink));
        time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal(0.2, Updates(sink)[^1].Metrics["loss"]);
    }

    [Fact]
    public async Task Finishing_cancels_the_pending_report_so_none_follows_RunFinished()
    {
        var (publisher, sink, time) = TestPublishers.InMemory();
        var run = await publisher.StartRunAsync("exp", "run-1");
        run.LogMetric("loss", 0.4);

        await run.FinishAsync(RunResult.SUCCESS);
        time.Advance(TimeSpan.FromMinutes(1));

        Assert.Empty(Updates(sink));
        Assert.IsType<RunFinished>(sink.Events[^1].Payload);
    }

    [Fact]
    public async Task A_failed_automatic_report_is_kept_for_the_caller_and_the_next_one_retries()
    {
        var (publisher, sink, time) = TestPublishers.InMemory();
        var run = await publisher.StartRunAsync("exp", "run-1");
        sink.FailWith = (_, _) => new InvalidOperationException("broker down");

        run.LogMetric("loss", 0.5);
        time.Advance(RunOptions.DefaultUpdateInterval);
        Assert.Equal("broker down", run.LastUpdateFailure?.Message);

        sink.FailWith = null;
        run.LogMetric("loss", 0.25);
        time.Advance(RunOptions.DefaultUpdateInterval);
        Assert.Null(run.LastUpdateFailure);
        Assert.Equal(0.25, Assert.Single(Updates(sink)).Metrics["loss"]);
    }

    [Fact]
    public async Task A_zero_interval_turns_automatic_reports_off_and_a_negative_one_is_refused()
    {
        var (publisher, sink, time) = TestPublishers.InMemory();
        var run = await publisher.StartRunAsync("exp", "run-1", r => r.UpdateInterval = TimeSpan.Zero);
        run.LogMetric("loss", 0.5);
        time.Advance(TimeSpan.FromHours(1));
        Assert.Empty(Updates(sink));

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() =>
            publisher.StartRunAsync("exp", "run-2", r => r.UpdateInterval = TimeSpan.FromSeconds(-1)));
        Assert.DoesNotContain(sink.Events, e => e.Payload is RunStarted { RunId: "run-2" });
    }
}
