namespace MlEvents.Client;

/// <summary>
/// Sends a running run's <c>RunUpdated</c> at a bounded rate: a change schedules one send at
/// <c>last report + interval</c> (the start counts as a report), further changes until then ride along, and sends
/// never overlap. The payload is taken when the send happens, so it carries everything logged up to then.
/// </summary>
internal sealed class RunUpdateSchedule
{
    private readonly TimeProvider _time;
    private readonly TimeSpan _interval;
    private readonly Func<Task> _send;
    private readonly Lock _gate = new();
    private long _lastReport;
    private ITimer? _pending;
    private bool _scheduled;
    private int _schedule;
    private Task _inFlight = Task.CompletedTask;
    private bool _stopped;
    private Exception? _lastFailure;

    public RunUpdateSchedule(TimeProvider time, TimeSpan interval, Func<Task> send)
    {
        _time = time;
        _interval = interval;
        _send = send;
        _lastReport = time.GetTimestamp();
    }

    /// <summary>The error of the last automatic send; null when it succeeded or none failed yet.</summary>
    public Exception? LastFailure
    {
        get { lock (_gate) return _lastFailure; }
    }

    /// <summary>Something was logged: make sure a send is due within the interval.</summary>
    public void Changed()
    {
        lock (_gate)
        {
            if (_stopped || _scheduled) return;
            var due = _interval - _time.GetElapsedTime(_lastReport);
            var schedule = ++_schedule;
            _scheduled = true;
            // A timer may fire before CreateTimer returns (a fake clock does): then it is already spent.
            var timer = _time.CreateTimer(_ => Fire(schedule), null, due > TimeSpan.Zero ? due : TimeSpan.Zero, Timeout.InfiniteTimeSpan);
            if (_scheduled && _schedule == schedule) _pending = timer;
            else timer.Dispose();
        }
    }

    /// <summary>An explicit report was sent: it carried everything, so the pending send is not needed.</summary>
    public void Reported()
    {
        lock (_gate)
        {
            _lastReport = _time.GetTimestamp();
            Unschedule();
        }
    }

    /// <summary>No more automatic sends (the run finishes); waits for the one in flight, so it reaches Kafka first.</summary>
    public Task StopAsync()
    {
        lock (_gate)
        {
            _stopped = true;
            Unschedule();
            return _inFlight;
        }
    }

    /// <summary>Automatic sends again (finishing the run failed and it stays open).</summary>
    public void Resume()
    {
        lock (_gate) _stopped = false;
        Changed();
    }

    private void Unschedule()
    {
        _scheduled = false;
        _pending?.Dispose();
        _pending = null;
    }

    private void Fire(int schedule)
    {
        lock (_gate)
        {
            if (!_scheduled || schedule != _schedule) return;
            Unschedule();
            if (_stopped) return;
            _lastReport = _time.GetTimestamp();
            _inFlight = SendAfterAsync(_inFlight);
        }
    }

    private async Task SendAfterAsync(Task previous)
    {
        await previous.ConfigureAwait(false);
        try
        {
            await _send().ConfigureAwait(false);
            lock (_gate) _lastFailure = null;
        }
#pragma warning disable CA1031 // A background report must never crash the training job; the error is kept for the caller.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            lock (_gate) _lastFailure = ex;
        }
    }
}
