namespace MlEvents.Observability.Prometheus;

internal sealed class SumCell
{
    private double _value;

    public double Value => Volatile.Read(ref _value);

    public void Add(double delta)
    {
        var current = Volatile.Read(ref _value);
        while (true)
        {
            var seen = Interlocked.CompareExchange(ref _value, current + delta, current);
            if (seen.Equals(current))
            {
                return;
            }
            current = seen;
        }
    }
}

internal sealed class LastValueCell
{
    private double _value;

    public double Value => Volatile.Read(ref _value);

    public void Set(double value) => Volatile.Write(ref _value, value);
}

internal sealed class HistogramCell(double[] upperBounds)
{
    private readonly long[] _counts = new long[upperBounds.Length + 1];
    private readonly SumCell _sum = new();

    public void Record(double value)
    {
        // Prometheus buckets are "less than or equal": a value equal to a bound belongs to that bound's bucket.
        var index = Array.BinarySearch(upperBounds, value);
        if (index < 0)
        {
            index = ~index;
        }
        Interlocked.Increment(ref _counts[index]);
        _sum.Add(value);
    }

    public HistogramData Snapshot()
    {
        var counts = new long[_counts.Length];
        for (var i = 0; i < counts.Length; i++)
        {
            counts[i] = Interlocked.Read(ref _counts[i]);
        }
        return new HistogramData(upperBounds, counts, _sum.Value);
    }
}
