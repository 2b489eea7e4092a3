using System.Diagnostics;
using System.Text;
using System.Threading.Channels;
using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using MlEvents.Worker.Diagnostics;
using MlEvents.Worker.Sink;

namespace MlEvents.Worker.Pipeline;

/// <summary>
/// Everything about one assigned partition: the offset tracker, the queue of consumed records and the task that
/// translates and produces them in order. Pause/resume and offset storing are done by the consume loop (the consumer
/// is only touched from its own thread); this class only says what it wants.
/// </summary>
internal sealed class PartitionWorker
{
    private readonly PipelineContext _context;
    private readonly Channel<Queued> _queue =
        Channel.CreateUnbounded<Queued>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = false });
    private readonly System.Collections.Concurrent.ConcurrentQueue<InFlightEvent> _redo = new();
    private readonly CancellationTokenSource _stop;
    private readonly Lock _completionGate = new();
    private readonly GmsPartitionSender? _gms;
    private long _retryAfterTicks; // the longest Retry-After GMS asked for since the last redo
    private long _lastDispatched = -1;
    private long _budgetBytes; // this partition's share of the global byte budget
    private int _outstandingDeliveries;
    private TaskCompletionSource? _deliveriesDrained;
    private volatile bool _retrying;
    private bool _abandoned;

    // Spans of events begun and not yet acknowledged (only while tracing is on), ended as unfinished when the partition
    // is released or the worker stops, so no span stays open forever.
    private readonly System.Collections.Concurrent.ConcurrentDictionary<long, Activity> _openSpans = new();

    public PartitionWorker(TopicPartition partition, PipelineContext context, CancellationToken stopping)
    {
        Partition = partition;
        _context = context;
        _stop = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        _gms = context.Gms is { } gms ? new GmsPartitionSender(this, gms) : null;
        Processing = Task.Run(() => RunAsync(_stop.Token), CancellationToken.None);
    }

    public TopicPartition Partition { get; }

    public PartitionOffsetTracker Tracker { get; } = new();

    public Task Processing { get; }

    /// <summary>Whether the consumer currently has this partition paused (consume thread only).</summary>
    public bool Paused { get; set; }

    /// <summary>The last position handed to StoreOffset (consume thread only).</summary>
    public long StoredPosition { get; set; } = -1;

    /// <summary>Records handed to the producer whose delivery report has not arrived yet.</summary>
    public int OutstandingDeliveries => Volatile.Read(ref _outstandingDeliveries);

    /// <summary>Pause while retrying, or while too many events are in flight (resume only below half, to avoid flapping).</summary>
    public bool WantsPause()
    {
        if (_retrying)
        {
            return true;
        }

        var pending = Tracker.PendingCount;
        var max = _context.Options.MaxInFlightPerPartition;
        return pending >= max || (Paused && pending > max / 2);
    }

    /// <summary>Accepts a consumed record (consume thread). Records at or below the last dispatched offset are re-fetches and are ignored.</summary>
    public bool Dispatch(ConsumeResult<byte[]?, byte[]?> record)
    {
        if (record.Offset.Value <= _lastDispatched)
        {
            return false;
        }

        _lastDispatched = record.Offset.Value;
        Tracker.Track(record.Offset.Value);
        var bytes = InFlightEvent.RecordBytes(record.Message.Key, record.Message.Value);
        Interlocked.Add(ref _budgetBytes, bytes);
        _context.Budget.Add(1, bytes);
        _context.Metrics.InFlightChanged(1);
        _queue.Writer.TryWrite(new Queued(record, Stopwatch.GetTimestamp()));
        return true;
    }

    /// <summary>Stops taking new records and cancels the current translation or retry wait; already produced records still get their reports.</summary>
    public async Task StopAsync(TimeSpan bound)
    {
        _queue.Writer.TryComplete();
        await _stop.CancelAsync().ConfigureAwait(false);
        await Processing.WaitAsync(bound).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    /// <summary>
    /// Completes once no produced record of this partition waits for its delivery report. Call after
    /// <see cref="StopAsync"/>: with processing stopped no new record is produced, so the count only falls.
    /// </summary>
    public Task DeliveriesDrainedAsync()
    {
        var drained = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Volatile.Write(ref _deliveriesDrained, drained);
        if (OutstandingDeliveries == 0)
        {
            drained.TrySetResult();
        }

        return drained.Task;
    }

    private void DeliveryEnded()
    {
        if (Interlocked.Decrement(ref _outstandingDeliveries) == 0)
        {
            Volatile.Read(ref _deliveriesDrained)?.TrySetResult();
        }
    }

    /// <summary>Forget this partition: later reports no longer complete anything. Returns the offsets left unfinished.</summary>
    public IReadOnlyList<long> Abandon()
    {
        lock (_completionGate)
        {
            _abandoned = true;
            var pending = Tracker.PendingOffsets();
            _context.Metrics.InFlightChanged(-pending.Count);
            _context.Budget.Add(-pending.Count, -Interlocked.Exchange(ref _budgetBytes, 0));
            _context.Lag.ForgetPartition(Partition.Topic, Partition.Partition.Value);
            _stop.Cancel();
            _gms?.Abandon();
            Processing.ContinueWith(_ => _stop.Dispose(), TaskScheduler.Default);
            EndOpenSpans("partition released");
            return pending;
        }
    }

    /// <summary>Ends the spans of events that were begun and never acknowledged (see <see cref="WorkerTracing.Unfinished"/>).</summary>
    public void EndOpenSpans(string reason)
    {
        foreach (var offset in _openSpans.Keys)
        {
            if (_openSpans.TryRemove(offset, out var activity))
            {
                WorkerTracing.Unfinished(activity, reason);
            }
        }
    }

    internal void Complete(InFlightEvent inFlight)
    {
        lock (_completionGate)
        {
            if (_abandoned)
            {
                return;
            }

            if (inFlight.Activity is not null)
            {
                _openSpans.TryRemove(inFlight.Input.Offset.Value, out _);
            }

            Tracker.Complete(inFlight.Input.Offset.Value);
            // The gauge falls before the budget makes room (and rises after the budget in Dispatch), so the in-flight
            // gauge never shows more than the bound: the other order let a refill on the consume thread show bound + 1.
            _context.Metrics.InFlightChanged(-1);
            Interlocked.Add(ref _budgetBytes, -inFlight.BudgetBytes);
            _context.Budget.Add(-1, -inFlight.BudgetBytes);
            _context.Metrics.EventAcknowledged(Stopwatch.GetElapsedTime(inFlight.ConsumedAt));
            _context.Lag.RecordProcessed(Partition.Topic, Partition.Partition.Value, inFlight.Input.Offset.Value, inFlight.Input.Message.Timestamp.UtcDateTime);
            WorkerTracing.Acknowledged(inFlight.Activity);
        }
    }

    /// <summary>Adds the bytes of the records made of an event to the budget until the event completes.</summary>
    private void ChargeOutput(InFlightEvent inFlight, long bytes)
    {
        lock (_completionGate)
        {
            if (_abandoned)
            {
                return;
            }

            inFlight.BudgetBytes += bytes;
            Interlocked.Add(ref _budgetBytes, bytes);
            _context.Budget.Add(0, bytes);
        }
    }

    internal void ScheduleRedo(InFlightEvent inFlight)
    {
        _retrying = true;
        _redo.Enqueue(inFlight);
        _queue.Writer.TryWrite(default); // wakes the processing loop; fails harmlessly once stopped
    }

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        try
        {
            var reader = _queue.Reader;
            while (await reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
            {
                while (!cancellationToken.IsCancellationRequested)
                {
                    if (_redo.TryDequeue(out var redo))
                    {
                        await RedoAsync(redo, cancellationToken).ConfigureAwait(false);
                    }
                    else if (reader.TryRead(out var queued))
                    {
                        if (queued.Record is not null)
                        {
                            await ProcessAsync(queued.Record, queued.ConsumedAt, cancellationToken).ConfigureAwait(false);
                        }
                    }
                    else
                    {
                        break;
                    }
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        catch (Exception exception)
        {
            // Only a bug gets here; the partition stops advancing (nothing is committed past it) and we say so loudly.
            Log.PartitionProcessingCrashed(_context.Logger, Partition.Topic, Partition.Partition.Value, exception);
            _retrying = true;
        }
    }

    private async Task ProcessAsync(ConsumeResult<byte[]?, byte[]?> record, long consumedAt, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var activity = WorkerTracing.StartProcessing(record, consumedAt, _context.Options.GroupId);
        if (activity is not null)
        {
            _openSpans[record.Offset.Value] = activity;
        }

        TranslationResult result;
        try
        {
            result = await TranslateWithRetryAsync(record, activity, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (activity is not null)
        {
            _openSpans.TryRemove(record.Offset.Value, out _);
            WorkerTracing.Unfinished(activity, "stopped during translation");
            throw;
        }

        var eventType = (result as TranslationResult.Translated)?.EventType;
        _context.Metrics.EventConsumed(eventType);
        var inFlight = new InFlightEvent(this, record, consumedAt) { Activity = activity };
        if (result is TranslationResult.Translated done)
        {
            WorkerTracing.Translated(activity, done.EventId, eventType, done.Records.Count);
        }

        switch (result)
        {
            case TranslationResult.Translated { Records.Count: 0 }:
                Complete(inFlight);
                break;
            case TranslationResult.Translated translated:
                var messages = new List<OutgoingMessage>(translated.Records.Count);
                // The REST sink posts only the values (GMS takes neither Kafka keys nor record headers): no bytes made for them.
                var toKafka = _gms is null;
                var traceHeaders = toKafka ? TraceContextHeaders.ForOutput(activity, record.Message.Headers) : null;
                var outputBytes = 0L;
                foreach (var outgoing in translated.Records)
                {
                    outputBytes += outgoing.Key.Length + outgoing.Value.LongLength;
                    messages.Add(new OutgoingMessage(
                        _context.Options.McpTopic,
                        new Message<byte[]?, byte[]?> { Key = toKafka ? Encoding.UTF8.GetBytes(outgoing.Key) : null, Value = outgoing.Value, Headers = traceHeaders },
                        IsDeadLetter: false,
                        outgoing.MetricLabel));
                }

                ChargeOutput(inFlight, outputBytes);
                await ProduceAsync(inFlight, messages, cancellationToken).ConfigureAwait(false);
                break;
            case TranslationResult.Poisoned poisoned:
                await DeadLetterAsync(inFlight, poisoned.Stage, poisoned.Reason, poisoned.Error, DeadLetterContent.Fitted, cancellationToken).ConfigureAwait(false);
                break;
        }

        _context.Metrics.EventProcessed(eventType, Stopwatch.GetElapsedTime(started));
    }

    private async Task<TranslationResult> TranslateWithRetryAsync(ConsumeResult<byte[]?, byte[]?> record, Activity? activity, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var result = await _context.Translator.TranslateAsync(record, cancellationToken).ConfigureAwait(false);
                _retrying = false;
                _context.Readiness.TranslationSucceeded();
                return result;
            }
            catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
            {
                if (exception is SchemaRegistryUnavailableException)
                {
                    _context.Readiness.RegistryFailed(exception);
                }

                if (!_context.Classifier.IsTransient(exception))
                {
                    _retrying = false;
                    return TranslationResult.Poison("translate", exception.Message, exception);
                }

                _retrying = true;
                _context.Metrics.Retry("translate");

                var delay = _context.Backoff.DelayFor(attempt);
                WorkerTracing.Retrying(activity, attempt, exception.GetType().Name);
                Log.TransientTranslationFailure(
                    _context.Logger, record.Topic, record.Partition.Value, record.Offset.Value, attempt, delay, exception.GetType().Name, exception.Message);
                await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private Task DeadLetterAsync(
        InFlightEvent inFlight, string stage, string reason, Exception? error, DeadLetterContent content, CancellationToken cancellationToken)
    {
        var input = inFlight.Input;
        if (!inFlight.IsDeadLettering)
        {
            // Exactly one line (event id 120) and one count per dead-lettered event; a second round (its dead-letter
            // record was refused as too large) is logged separately.
            var category = error is null && stage == "produce" ? DeadLetterReason.RecordTooLarge : DeadLetterReason.Categorize(error);
            Log.DeadLettered(
                _context.Logger, input.Topic, input.Partition.Value, input.Offset.Value, stage, category, InputText.Escape(reason, InputText.LogLimit),
                error?.GetType().FullName ?? DeadLetterHeaders.NoException, _context.Options.DeadLetterTopic);
            _context.Metrics.EventDeadLettered(stage, category);
            WorkerTracing.DeadLettered(inFlight.Activity, stage, category, InputText.Escape(reason, InputText.LogLimit));
            inFlight.DeadLetterCause = (stage, reason, error);
        }

        inFlight.DeadLetterRounds++;
        var record = DeadLetterRecord.Build(input, stage, reason, error, _context.MaxMessageBytes, content);
        TraceContextHeaders.Replace(record.Headers, inFlight.Activity);
        return ProduceAsync(inFlight, [new OutgoingMessage(_context.Options.DeadLetterTopic, record, IsDeadLetter: true)], cancellationToken);
    }

    /// <summary>
    /// Handles every event whose delivery failed so far, as one batch: records too large for the broker dead-letter their
    /// input at once (permanent); the others wait one backoff (partition paused) and are produced again.
    /// </summary>
    private async Task RedoAsync(InFlightEvent first, CancellationToken cancellationToken)
    {
        var batch = new List<InFlightEvent> { first };
        while (_redo.TryDequeue(out var next))
        {
            batch.Add(next);
        }

        var retries = new List<(InFlightEvent Event, IReadOnlyList<OutgoingMessage> Messages)>();
        foreach (var inFlight in batch)
        {
            var (retriable, tooLargeReason, refusal) = inFlight.TakeAllFailures();
            if (refusal is { } refused)
            {
                // GMS refused the event's MCPs (a 4xx naming them): permanent, like a record too large for the broker.
                if (!inFlight.IsDeadLettering)
                {
                    await DeadLetterAsync(inFlight, GmsRefusedException.Stage, refused.Reason, refused.Error, DeadLetterContent.Fitted, cancellationToken).ConfigureAwait(false);
                }

                continue;
            }

            if (tooLargeReason is null)
            {
                inFlight.DeliveryAttempts++;
                retries.Add((inFlight, retriable));
                continue;
            }

            // The broker will never accept it: dead-letter the input; when the dead-letter record itself was refused, try
            // once more with only the error headers (after a backoff), then record the event and skip it: never a loop.
            if (!inFlight.IsDeadLettering)
            {
                await DeadLetterAsync(inFlight, "produce", $"produced record too large for the broker: {tooLargeReason}", null, DeadLetterContent.Fitted, cancellationToken).ConfigureAwait(false);
            }
            else if (inFlight.DeadLetterRounds < DeadLetterRecord.MaxRounds)
            {
                var input = inFlight.Input;
                Log.DeadLetterRefused(_context.Logger, input.Topic, input.Partition.Value, input.Offset.Value, InputText.Escape(tooLargeReason, InputText.LogLimit));
                await Task.Delay(_context.Backoff.DelayFor(inFlight.DeadLetterRounds), cancellationToken).ConfigureAwait(false);
                var (stage, reason, error) = inFlight.DeadLetterCause!.Value;
                await DeadLetterAsync(inFlight, stage, reason, error, DeadLetterContent.Minimal, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                Skip(inFlight, tooLargeReason);
            }
        }

        if (retries.Count > 0)
        {
            var attempt = retries.Max(r => r.Event.DeliveryAttempts);
            var delay = _context.Backoff.DelayFor(attempt);
            var retryAfter = TimeSpan.FromTicks(Interlocked.Exchange(ref _retryAfterTicks, 0));
            if (retryAfter > delay)
            {
                delay = retryAfter; // GMS's Retry-After (429/503) when it asks for longer than the backoff
            }

            var oldest = retries.Min(r => r.Event.Input.Offset.Value);
            _context.Metrics.Retry("delivery");
            Log.DeliveryRetry(_context.Logger, Partition.Topic, Partition.Partition.Value, oldest, retries.Sum(r => r.Messages.Count), retries.Count, attempt, delay);
            await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
            _gms?.Resume();
            foreach (var (inFlight, messages) in retries.OrderBy(r => r.Event.Input.Offset.Value))
            {
                await ProduceAsync(inFlight, messages, cancellationToken).ConfigureAwait(false);
            }
        }

        if (_redo.IsEmpty)
        {
            _retrying = false;
        }
    }

    /// <summary>
    /// The last resort for an event whose dead-letter record the broker refuses even without the input's data: the event
    /// is logged (with its coordinates, so it can be fetched from the input topic), counted and flagged in readiness,
    /// and its offset completes so the partition moves on.
    /// </summary>
    private void Skip(InFlightEvent inFlight, string reason)
    {
        var input = inFlight.Input;
        Log.EventSkipped(_context.Logger, input.Topic, input.Partition.Value, input.Offset.Value, inFlight.DeadLetterRounds, InputText.Escape(reason, InputText.LogLimit));
        _context.Metrics.EventSkipped("produce");
        _context.Readiness.EventSkipped(input.Topic, input.Partition.Value, input.Offset.Value);
        Complete(inFlight);
    }

    /// <summary>Hands the records to the producer without waiting for their acknowledgements (callbacks settle the event).</summary>
    private async Task ProduceAsync(InFlightEvent inFlight, IReadOnlyList<OutgoingMessage> messages, CancellationToken cancellationToken)
    {
        inFlight.Expect(messages.Count);
        if (_gms is not null && !messages[0].IsDeadLetter)
        {
            // REST sink: MCPs go to GMS; dead-letter records stay on Kafka (below).
            Interlocked.Add(ref _outstandingDeliveries, messages.Count);
            _gms.Send(inFlight, messages);
            return;
        }

        foreach (var message in messages)
        {
            await ProduceOneAsync(inFlight, message, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task ProduceOneAsync(InFlightEvent inFlight, OutgoingMessage message, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            Interlocked.Increment(ref _outstandingDeliveries);
            try
            {
                _context.Producer.Produce(message.Topic, message.Message, report => OnDelivery(inFlight, message, report));
                return;
            }
            catch (ProduceException<byte[]?, byte[]?> exception) when (exception.Error.Code == ErrorCode.Local_QueueFull)
            {
                DeliveryEnded();
                _context.Metrics.Retry("queue_full");
                await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(10 * attempt, 500)), cancellationToken).ConfigureAwait(false);
            }
            catch (ProduceException<byte[]?, byte[]?> exception)
            {
                DeliveryEnded();
                _context.Metrics.DeliveryFailed(exception.Error.Code);
                _context.Readiness.DeliveryFailed(exception.Error);
                Log.DeliveryFailed(_context.Logger, message.Topic, Partition.Topic, Partition.Partition.Value, inFlight.Input.Offset.Value, exception.Error.Code, exception.Error.Reason);
                if (exception.Error.IsFatal)
                {
                    _context.Fatal(exception.Error);
                }

                inFlight.Failed(message, exception.Error);
                return;
            }
        }
    }

    private void OnDelivery(InFlightEvent inFlight, OutgoingMessage message, DeliveryReport<byte[]?, byte[]?> report)
    {
        try
        {
            if (report.Error.IsError)
            {
                _context.Metrics.DeliveryFailed(report.Error.Code);
                _context.Readiness.DeliveryFailed(report.Error);
                Log.DeliveryFailed(_context.Logger, message.Topic, Partition.Topic, Partition.Partition.Value, inFlight.Input.Offset.Value, report.Error.Code, report.Error.Reason);
                if (report.Error.IsFatal)
                {
                    _context.Fatal(report.Error);
                }

                inFlight.Failed(message, report.Error);
            }
            else
            {
                if (!message.IsDeadLetter)
                {
                    _context.Metrics.McpProduced(message.Topic, message.MetricLabel);
                }
                else
                {
                    _context.Readiness.DeadLetterDelivered();
                }

                _context.Readiness.DeliverySucceeded();
                inFlight.Delivered();
            }
        }
        finally
        {
            DeliveryEnded();
        }
    }

    internal void GmsAccepted(InFlightEvent inFlight, IReadOnlyList<OutgoingMessage> messages)
    {
        foreach (var message in messages)
        {
            _context.Metrics.McpProduced(WorkerMetrics.GmsTarget, message.MetricLabel);
            inFlight.Delivered();
            DeliveryEnded();
        }
    }

    internal void GmsFailed(InFlightEvent inFlight, IReadOnlyList<OutgoingMessage> messages, GmsAnswer answer)
    {
        if (answer.RetryAfter is { } retryAfter)
        {
            InterlockedMax(ref _retryAfterTicks, retryAfter.Ticks);
        }

        foreach (var message in messages)
        {
            inFlight.FailedTransiently(message);
            DeliveryEnded();
        }
    }

    internal void GmsRefused(InFlightEvent inFlight, IReadOnlyList<OutgoingMessage> messages, GmsAnswer answer)
    {
        var aspects = string.Join(", ", messages.Select(m => m.MetricLabel ?? WorkerMetrics.Unknown).Distinct(StringComparer.Ordinal));
        var reason = $"DataHub GMS refused the event's {messages.Count} MCP(s) ({aspects}) with HTTP {answer.Status}: {answer.Message}";
        var error = new GmsRefusedException(answer.Status ?? 0, answer.Message);
        foreach (var _ in messages)
        {
            inFlight.Refused(reason, error);
            DeliveryEnded();
        }
    }

    internal void SenderCrashed(Exception exception)
    {
        Log.PartitionProcessingCrashed(_context.Logger, Partition.Topic, Partition.Partition.Value, exception);
        _retrying = true;
    }

    internal void GmsReachable() => _context.Readiness.GmsAnswered();

    internal void GmsUnavailable(int events, int mcps, long oldestOffset, GmsAnswer answer)
    {
        _context.Readiness.GmsFailed($"GMS request failed: {answer}");
        if (answer.Outcome == GmsOutcome.Misconfigured)
        {
            Log.GmsMisconfigured(_context.Logger, _context.Gms!.ServerUrl, InputText.Escape(answer.ToString(), InputText.LogLimit), Partition.Topic, Partition.Partition.Value);
        }
        else
        {
            Log.GmsTransient(_context.Logger, Partition.Topic, Partition.Partition.Value, events, mcps, oldestOffset, InputText.Escape(answer.ToString(), InputText.LogLimit));
        }
    }

    internal void GmsIsolating(int events, GmsAnswer answer) =>
        Log.GmsIsolating(_context.Logger, Partition.Topic, Partition.Partition.Value, events, InputText.Escape(answer.ToString(), InputText.LogLimit));

    private static void InterlockedMax(ref long location, long value)
    {
        var current = Interlocked.Read(ref location);
        while (value > current)
        {
            var seen = Interlocked.CompareExchange(ref location, value, current);
            if (seen == current)
            {
                return;
            }

            current = seen;
        }
    }

    /// <summary>A consumed record and when it was handed over; <c>default</c> only wakes the loop.</summary>
    private readonly record struct Queued(ConsumeResult<byte[]?, byte[]?>? Record, long ConsumedAt);
}
