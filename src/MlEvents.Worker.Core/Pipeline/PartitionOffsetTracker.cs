namespace MlEvents.Worker.Pipeline;

/// <summary>
/// Tracks the offsets of one partition that are in flight. Offsets are tracked in consumption order and may complete in
/// any order; the committable position (the next offset to consume, Kafka's commit semantics) advances only over the
/// contiguous prefix of completed offsets, so a commit never passes an unfinished record. Thread-safe.
/// </summary>
public sealed class PartitionOffsetTracker
{
    private readonly Lock _gate = new();
    private readonly Queue<long> _order = new();
    private readonly HashSet<long> _pending = [];
    private readonly HashSet<long> _completedAhead = [];
    private long _committable = -1;
    private long _lastTracked = -1;

    /// <summary>The next offset to commit (last contiguous completed offset + 1), or null while nothing completed yet.</summary>
    public long? CommittablePosition
    {
        get
        {
            lock (_gate)
            {
                return _committable < 0 ? null : _committable;
            }
        }
    }

    /// <summary>Number of tracked offsets that have not completed yet.</summary>
    public int PendingCount
    {
        get
        {
            lock (_gate)
            {
                return _pending.Count;
            }
        }
    }

    /// <summary>The smallest offset still pending, or null.</summary>
    public long? OldestPending
    {
        get
        {
            lock (_gate)
            {
                return _order.Count == 0 ? null : _order.Peek();
            }
        }
    }

    /// <summary>Starts tracking <paramref name="offset"/>; offsets must be tracked in increasing order (gaps allowed).</summary>
    public void Track(long offset)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        lock (_gate)
        {
            if (offset <= _lastTracked)
            {
                throw new InvalidOperationException($"Offset {offset} tracked after {_lastTracked}: offsets must increase.");
            }

            _lastTracked = offset;
            _order.Enqueue(offset);
            _pending.Add(offset);
        }
    }

    /// <summary>Marks <paramref name="offset"/> done. Returns true when the committable position advanced.</summary>
    public bool Complete(long offset)
    {
        lock (_gate)
        {
            if (!_pending.Remove(offset))
            {
                throw new InvalidOperationException($"Offset {offset} is not pending.");
            }

            if (_order.Peek() != offset)
            {
                _completedAhead.Add(offset);
                return false;
            }

            _order.Dequeue();
            _committable = offset + 1;
            while (_order.Count > 0 && _completedAhead.Remove(_order.Peek()))
            {
                _committable = _order.Dequeue() + 1;
            }

            return true;
        }
    }

    /// <summary>Offsets still pending, in order (for logging what was left undelivered).</summary>
    public IReadOnlyList<long> PendingOffsets()
    {
        lock (_gate)
        {
            return [.. _order.Where(_pending.Contains)];
        }
    }
}
