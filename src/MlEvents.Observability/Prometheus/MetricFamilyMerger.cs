namespace MlEvents.Observability.Prometheus;

/// <summary>
/// Prometheus rejects a name that appears in two families, or a label set that appears twice in one.
/// Families with the same name (e.g. the same instrument on two meters of the same name) are merged:
/// counters and histograms with equal label sets are summed, gauges keep the last value.
/// </summary>
internal static class MetricFamilyMerger
{
    public static IReadOnlyList<MetricFamily> Merge(IEnumerable<MetricFamily> families)
    {
        var result = new List<MetricFamily>();
        foreach (var group in families.GroupBy(f => PrometheusNames.SanitizeMetricName(f.Name)))
        {
            var first = group.First();
            var parts = group.Where(f => f.Type == first.Type).ToList();
            if (parts.Count == 1 && !HasDuplicateLabels(first))
            {
                result.Add(first);
                continue;
            }

            var help = parts.Select(p => p.Help).FirstOrDefault(h => h.Length > 0) ?? "";
            var merged = new Dictionary<string, MetricSample>(StringComparer.Ordinal);
            var order = new List<string>();
            foreach (var sample in parts.SelectMany(p => p.Samples))
            {
                var key = LabelKey(sample);
                if (!merged.TryGetValue(key, out var existing))
                {
                    merged[key] = sample;
                    order.Add(key);
                    continue;
                }
                merged[key] = Combine(first.Type, existing, sample);
            }
            result.Add(new MetricFamily(first.Name, help, first.Type, [.. order.Select(k => merged[k])]));
        }
        return result;
    }

    private static bool HasDuplicateLabels(MetricFamily family)
    {
        if (family.Samples.Count < 2)
        {
            return false;
        }
        var seen = new HashSet<string>(StringComparer.Ordinal);
        return family.Samples.Any(s => !seen.Add(LabelKey(s)));
    }

    private static MetricSample Combine(MetricType type, MetricSample a, MetricSample b) => type switch
    {
        MetricType.Counter => a with { Value = a.Value + b.Value },
        MetricType.Histogram when a.Histogram is { } x && b.Histogram is { } y && x.UpperBounds.SequenceEqual(y.UpperBounds) =>
            a with
            {
                Histogram = new HistogramData(
                    x.UpperBounds,
                    [.. x.BucketCounts.Zip(y.BucketCounts, static (p, q) => p + q)],
                    x.Sum + y.Sum),
            },
        _ => b,
    };

    private static string LabelKey(MetricSample sample) =>
        string.Join('\u0001', sample.Labels
            .Select(l => PrometheusNames.SanitizeLabelName(l.Key) + "\u0002" + l.Value)
            .Order(StringComparer.Ordinal));
}
