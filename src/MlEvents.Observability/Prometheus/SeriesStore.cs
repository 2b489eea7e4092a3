using System.Collections.Concurrent;

namespace MlEvents.Observability.Prometheus;

/// <summary>Per-tag-set cells of one instrument; lookups of existing series are lock- and allocation-free.</summary>
internal sealed class SeriesStore<TCell>(Func<TCell> createCell) where TCell : class
{
    private readonly ConcurrentDictionary<TagSet, TCell> _series = new(TagSetComparer.Instance);

    public TCell Get(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var lookup = _series.GetAlternateLookup<ReadOnlySpan<KeyValuePair<string, object?>>>();
        if (lookup.TryGetValue(tags, out var cell))
        {
            return cell;
        }
        return _series.GetOrAdd(TagSet.Create(tags), _ => createCell());
    }

    public void Clear() => _series.Clear();

    public IEnumerable<KeyValuePair<TagSet, TCell>> Series => _series;
}
