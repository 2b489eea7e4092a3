namespace MlEvents.Worker.Pipeline;

/// <summary>
/// Events and bytes in flight across all partitions (consumed, not yet fully acknowledged). While a bound is reached the
/// consume loop takes no more records (<see cref="WaitForRoom"/>) and takes them again once both are at most 7/8 of their
/// bound (<see cref="HasRoom"/>: a batch per wake-up, not one record each). Only when that lasts long does it pause every
/// partition, resumed once both are below half (<see cref="MayResume"/>: each resume costs librdkafka a re-fetch).
/// </summary>
public sealed class InFlightBudget(int maxEvents, long maxBytes)
{
    private readonly object _room = new();
    private long _events;
    private long _bytes;
    private volatile bool _waiting;

    public int MaxEvents { get; } = maxEvents;

    public long MaxBytes { get; } = maxBytes;

    public long Events => Interlocked.Read(ref _events);

    public long Bytes => Interlocked.Read(ref _bytes);

    public bool Exhausted => Events >= MaxEvents || Bytes >= MaxBytes;

    /// <summary>Both at most 7/8 of their bound (and below it): the consume loop may take records again.</summary>
    public bool HasRoom => Below(Events, MaxEvents, MaxEvents / 8) && Below(Bytes, MaxBytes, MaxBytes / 8);

    public bool MayResume => Events <= MaxEvents / 2 && Bytes <= MaxBytes / 2;

    public void Add(long events, long bytes)
    {
        if (events != 0)
        {
            Interlocked.Add(ref _events, events);
        }

        if (bytes != 0)
        {
            Interlocked.Add(ref _bytes, bytes);
        }

        if (_waiting && (events < 0 || bytes < 0) && HasRoom)
        {
            lock (_room)
            {
                Monitor.PulseAll(_room);
            }
        }
    }

    /// <summary>
    /// Blocks the calling (consume) thread until <see cref="HasRoom"/> or <paramref name="timeout"/>; true when there is room.
    /// One waiter at a time.
    /// </summary>
    public bool WaitForRoom(TimeSpan timeout)
    {
        lock (_room)
        {
            _waiting = true;
            try
            {
                // Checked under the lock after announcing the wait: a completion in between pulses only once we wait.
                return HasRoom || Monitor.Wait(_room, timeout) || HasRoom;
            }
            finally
            {
                _waiting = false;
            }
        }
    }

    private static bool Below(long value, long max, long slack) => value < max && value <= max - slack;
}
