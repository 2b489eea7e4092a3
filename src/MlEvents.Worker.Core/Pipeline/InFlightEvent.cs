using Confluent.Kafka;

namespace MlEvents.Worker.Pipeline;

/// <summary>
/// One consumed input whose produced records are awaiting acknowledgement. Delivery reports arrive on the producer's
/// thread; when the last one is in, the owning partition either completes the offset or schedules a redo.
/// </summary>
internal sealed class InFlightEvent(PartitionWorker owner, ConsumeResult<byte[]?, byte[]?> input, long consumedAt)
{
    private readonly Lock _gate = new();
    private readonly List<OutgoingMessage> _retriable = [];
    private int _outstanding;
    private string? _tooLargeReason;
    private (string Reason, Exception Error)? _refusal;

    public ConsumeResult<byte[]?, byte[]?> Input { get; } = input;

    /// <summary><see cref="System.Diagnostics.Stopwatch.GetTimestamp"/> when the consume loop handed the input over.</summary>
    public long ConsumedAt { get; } = consumedAt;

    /// <summary>Redo attempts after failed deliveries (drives the backoff).</summary>
    public int DeliveryAttempts { get; set; }

    public bool IsDeadLettering => DeadLetterCause is not null;

    /// <summary>Why the event is being dead-lettered (set with its first dead-letter record; later rounds repeat it).</summary>
    public (string Stage, string Reason, Exception? Error)? DeadLetterCause { get; set; }

    /// <summary>Dead-letter records produced for this event so far (bounded by <see cref="DeadLetterRecord.MaxRounds"/>).</summary>
    public int DeadLetterRounds { get; set; }

    /// <summary>The event's span (null when no tracer listens); stopped when the event completes.</summary>
    public System.Diagnostics.Activity? Activity { get; init; }

    /// <summary>Input bytes plus the bytes of the records made of it, as counted in the <see cref="InFlightBudget"/>.</summary>
    public long BudgetBytes { get; set; } = RecordBytes(input.Message.Key, input.Message.Value);

    public static long RecordBytes(byte[]? key, byte[]? value) => (key?.LongLength ?? 0) + (value?.LongLength ?? 0);

    /// <summary>Called before the first Produce of a batch, so an early report cannot settle the event too soon.</summary>
    public void Expect(int count) => Interlocked.Exchange(ref _outstanding, count);

    public void Delivered() => Settle();

    /// <summary>The record failed after librdkafka's own retries (or could not be enqueued).</summary>
    public void Failed(OutgoingMessage message, Error error)
    {
        lock (_gate)
        {
            if (error.Code == ErrorCode.MsgSizeTooLarge)
            {
                _tooLargeReason ??= error.Reason;
            }
            else
            {
                _retriable.Add(message);
            }
        }

        Settle();
    }

    /// <summary>The sink could not deliver the record for now (GMS unreachable, 5xx, 429, ...): it is sent again after a backoff.</summary>
    public void FailedTransiently(OutgoingMessage message)
    {
        lock (_gate)
        {
            _retriable.Add(message);
        }

        Settle();
    }

    /// <summary>The sink refused the record for good (GMS answered a 4xx naming it): the event is dead-lettered with <paramref name="reason"/>.</summary>
    public void Refused(string reason, Exception error)
    {
        lock (_gate)
        {
            _refusal ??= (reason, error);
        }

        Settle();
    }

    /// <summary>What failed in the last round; clears the state for the redo.</summary>
    public (IReadOnlyList<OutgoingMessage> Retriable, string? TooLargeReason) TakeFailures()
    {
        var (retriable, tooLarge, _) = TakeAllFailures();
        return (retriable, tooLarge);
    }

    /// <summary>What failed in the last round, including a refusal by the sink; clears the state for the redo.</summary>
    public (IReadOnlyList<OutgoingMessage> Retriable, string? TooLargeReason, (string Reason, Exception Error)? Refusal) TakeAllFailures()
    {
        lock (_gate)
        {
            var result = ((IReadOnlyList<OutgoingMessage>)[.. _retriable], _tooLargeReason, _refusal);
            _retriable.Clear();
            _tooLargeReason = null;
            _refusal = null;
            return result;
        }
    }

    private bool HasFailures
    {
        get
        {
            lock (_gate)
            {
                return _retriable.Count > 0 || _tooLargeReason is not null || _refusal is not null;
            }
        }
    }

    private void Settle()
    {
        if (Interlocked.Decrement(ref _outstanding) != 0)
        {
            return;
        }

        if (HasFailures)
        {
            owner.ScheduleRedo(this);
        }
        else
        {
            owner.Complete(this);
        }
    }
}
