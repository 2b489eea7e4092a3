namespace MlEvents.Bench.Measurement;

/// <summary>
/// Log-linear latency histogram (1 % relative resolution from 1 µs to ~17 min) of fixed size, so recording a million
/// values costs no memory in the measured process. Thread-safe.
/// </summary>
public sealed class LatencyHistogram
{
    private const double Growth = 1.01;
    private static readonly double LogGrowth = Math.Log(Growth);
    private readonly long[] _buckets = new long[2100];
    private long _count;
    private long _maxMicros;

    public long Count => Interlocked.Read(ref _count);

    public TimeSpan Max => TimeSpan.FromMicroseconds(Interlocked.Read(ref _maxMicros));

    public void Record(TimeSpan value)
    {
        var micros = Math.Max(1L, (long)value.TotalMicroseconds);
        var index = Math.Min(_buckets.Length - 1, (int)(Math.Log(micros) / LogGrowth));
        Interlocked.Increment(ref _buckets[index]);
        Interlocked.Increment(ref _count);
        long max;
        while (micros > (max = Interlocked.Read(ref _maxMicros)) && Interlocked.CompareExchange(ref _maxMicros, micros, max) != max)
        {
        }
    }

    /// <summary>The value below which <paramref name="quantile"/> of the recorded values lie (upper bucket bound); zero when empty.</summary>
    public TimeSpan Percentile(double quantile)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(quantile, 0);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(quantile, 1);
        var count = Count;
        if (count == 0)
        {
            return TimeSpan.Zero;
        }

        var rank = (long)Math.Ceiling(quantile * count);
        long seen = 0;
        for (var i = 0; i < _buckets.Length; i++)
        {
            seen += Interlocked.Read(ref _buckets[i]);
            if (seen >= Math.Max(1, rank))
            {
                var upper = TimeSpan.FromMicroseconds(Math.Pow(Growth, i + 1));
                return upper < Max ? upper : Max;
            }
        }

        return Max;
    }
}
