using Microsoft.Extensions.Logging;
using MlEvents.Client;
using MlEvents.Client.Tests.Support;
using MlEvents.Contracts;

namespace MlEvents.Client.Tests.Unit;

/// <summary>Disposal never hides the job's own exception; no event is dropped without a report.</summary>
public sealed class DisposeAndCancellationTests
{
    [Fact]
    public async Task The_training_jobs_exception_survives_a_run_whose_failure_finish_cannot_be_sent()
    {
        var reported = new List<UndeliveredEvent>();
        var options = TestPublishers.Options();
        options.OnUndelivered = reported.Add;
        var logs = new ListLoggerProvider();
        var (publisher, sink, _) = TestPublishers.InMemory(options, logs);

        var thrown = await Assert.ThrowsAsync<InvalidDataException>(async () =>
        {
            await using var run = await publisher.StartRunAsync(null, "run-1");
            sink.FailWith = (e, key) => new PublishException(e.EventId, e.Payload.TypeName, key, PublishFailure.Delivery, "brokers gone");
            throw new InvalidDataException("training diverged");
        });

        Assert.Equal("training diverged", thrown.Message);
        var lost = Assert.Single(publisher.UndeliveredEvents);
        Assert.Equal(("RunFinished", "run:mlflow:run-1", "brokers gone"), (lost.EventType, lost.Key, lost.Reason));
        Assert.Equal([lost], reported);
        Assert.Contains(logs.Entries, e => e.Level == LogLevel.Error && e.Message.Contains("Run run-1 was disposed without FinishAsync", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Disposing_a_run_after_a_failed_finish_records_the_run_as_failed()
    {
        var (publisher, sink, _) = TestPublishers.InMemory();
        var run = await publisher.StartRunAsync(null, "run-1");
        sink.FailWith = (e, key) => new PublishException(e.EventId, e.Payload.TypeName, key, PublishFailure.Delivery, "boom");
        await Assert.ThrowsAsync<PublishException>(() => run.FinishAsync(RunResult.SUCCESS));
        sink.FailWith = null;

        await run.DisposeAsync();

        Assert.Equal(RunResult.FAILURE, Assert.IsType<RunFinished>(sink.Events[^1].Payload).Result);
        Assert.True(run.IsFinished);
    }

    [Fact]
    public async Task A_cancelled_wait_does_not_cancel_the_event_and_disposal_waits_for_it()
    {
        var (publisher, sink, _) = TestPublishers.InMemory();
        sink.Gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var cancel = new CancellationTokenSource();

        var call = publisher.SetStageAsync("churn", "1", ModelStage.Production, cancel.Token);
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);
        var disposal = publisher.DisposeAsync().AsTask();
        sink.Gate.SetResult();
        await disposal;

        Assert.Equal("ModelStageChanged", Assert.Single(sink.Events).Payload.TypeName);
        Assert.Empty(publisher.UndeliveredEvents);
    }

    [Fact]
    public async Task A_cancelled_wait_whose_event_then_fails_is_reported_as_an_error_no_caller_saw()
    {
        var logs = new ListLoggerProvider();
        var (publisher, sink, _) = TestPublishers.InMemory(logger: logs);
        sink.Gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        sink.FailWith = (e, key) => new PublishException(e.EventId, e.Payload.TypeName, key, PublishFailure.Delivery, "Kafka error Local_MsgTimedOut");
        using var cancel = new CancellationTokenSource();

        var call = publisher.SetStageAsync("churn", "1", ModelStage.Production, cancel.Token);
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);
        sink.Gate.SetResult();
        await publisher.DisposeAsync();

        var lost = Assert.Single(publisher.UndeliveredEvents);
        Assert.Equal("ModelStageChanged", lost.EventType);
        Assert.Contains(logs.Entries, e => e.Level == LogLevel.Error && e.Message.Contains(lost.EventId!, StringComparison.Ordinal) && e.Message.Contains("no caller was told", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_token_cancelled_before_the_call_sends_nothing()
    {
        var (publisher, sink, _) = TestPublishers.InMemory();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => publisher.SetStageAsync("churn", "1", ModelStage.Production, new CancellationToken(canceled: true)));

        Assert.Empty(sink.Sent);
        Assert.Empty(publisher.UndeliveredEvents);
    }

    [Fact]
    public async Task A_finish_whose_wait_was_cancelled_is_not_sent_twice()
    {
        var (publisher, sink, _) = TestPublishers.InMemory();
        var run = await publisher.StartRunAsync(null, "run-1");
        sink.Gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var cancel = new CancellationTokenSource();

        var finish = run.FinishAsync(RunResult.SUCCESS, "FINISHED", cancellationToken: cancel.Token);
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => finish);
        sink.Gate.SetResult();
        await run.DisposeAsync();

        Assert.Equal(["RunStarted", "RunFinished"], sink.Events.Select(e => e.Payload.TypeName));
        Assert.Equal(RunResult.SUCCESS, Assert.IsType<RunFinished>(sink.Events[^1].Payload).Result);
        Assert.True(run.IsFinished);
    }

    [Fact]
    public async Task Two_finishes_at_once_send_one_RunFinished()
    {
        var (publisher, sink, _) = TestPublishers.InMemory();
        var run = await publisher.StartRunAsync(null, "run-1");
        sink.Gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        var first = run.FinishAsync(RunResult.SUCCESS);
        var second = run.FinishAsync(RunResult.FAILURE);
        sink.Gate.SetResult();

        Assert.Same(await first, await second);
        Assert.Equal(["RunStarted", "RunFinished"], sink.Events.Select(e => e.Payload.TypeName));
        Assert.Equal(RunResult.SUCCESS, run.Finished!.Result);
    }

    [Fact]
    public async Task A_throwing_OnUndelivered_callback_is_logged_not_propagated()
    {
        var options = TestPublishers.Options();
        options.OnUndelivered = _ => throw new InvalidOperationException("callback bug");
        var logs = new ListLoggerProvider();
        var (publisher, sink, _) = TestPublishers.InMemory(options, logs);
        sink.FailWith = (e, key) => new PublishException(e.EventId, e.Payload.TypeName, key, PublishFailure.Delivery, "boom");

        await Assert.ThrowsAsync<PublishException>(() => publisher.SetStageAsync("churn", "1", ModelStage.Staging));

        Assert.Contains(logs.Entries, e => e.Level == LogLevel.Error && e.Message.Contains("OnUndelivered callback threw", StringComparison.Ordinal));
    }
}
