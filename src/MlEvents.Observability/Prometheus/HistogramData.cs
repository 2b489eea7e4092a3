namespace MlEvents.Observability.Prometheus;

/// <summary>
/// One histogram series. <paramref name="BucketCounts"/> holds non-cumulative counts, one per upper bound
/// plus a final overflow bucket (<c>+Inf</c>); the renderer makes them cumulative.
/// </summary>
public sealed record HistogramData(IReadOnlyList<double> UpperBounds, IReadOnlyList<long> BucketCounts, double Sum)
{
    public long Count
    {
        get
        {
            long total = 0;
            foreach (var count in BucketCounts)
            {
                total += count;
            }
            return total;
        }
    }
}
