namespace MlEvents.Worker.Pipeline;

/// <summary>
/// Events and bytes in flight across all partitions (consumed, not yet fully acknowledged). The consume loop pauses
/// every partition once a bound is reached and resumes them once both are below half (hysteresis: each resume costs
/// librdkafka a re-fetch).
/// </summary>
internal sealed class InFlightBudget(int maxEvents, long maxBytes)
{
    private long _events;
    private long _bytes;

    public int MaxEvents { get; } = maxEvents;

    public long MaxBytes { get; } = maxBytes;

    public long Events => Interlocked.Read(ref _events);

    public long Bytes => Interlocked.Read(ref _bytes);

    public bool Exhausted => Events >= MaxEvents || Bytes >= MaxBytes;

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
    }
}
