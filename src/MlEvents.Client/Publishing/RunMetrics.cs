using MlEvents.Contracts;

namespace MlEvents.Client;

/// <summary>
/// The metrics of a run: the latest <see cref="MetricValue"/> per name (bounded by
/// <see cref="EventLimits.MaxCollectionItems"/> names, whatever the number of steps), and a version that changes with
/// every logged value, so that an update can be sent when something changed since the last one. Not thread-safe:
/// the run's lock guards it.
/// </summary>
internal sealed class RunMetrics
{
    private readonly Dictionary<string, MetricValue> _latest = new(StringComparer.Ordinal);

    /// <summary>Increases with every logged value.</summary>
    public long Version { get; private set; }

    public int Count => _latest.Count;

    public bool Contains(string name) => _latest.ContainsKey(name);

    public void Log(string name, MetricValue value)
    {
        // A value from an earlier step than the one kept does not replace it (late or out-of-order logging).
        if (_latest.TryGetValue(name, out var kept) && value.Step is { } step && kept.Step is { } keptStep && step < keptStep) return;
        _latest[name] = value;
        Version++;
    }

    public Dictionary<string, double> Values() => _latest.ToDictionary(p => p.Key, p => p.Value.Value, StringComparer.Ordinal);

    public Dictionary<string, long> Steps() =>
        _latest.Where(p => p.Value.Step is not null).ToDictionary(p => p.Key, p => p.Value.Step!.Value, StringComparer.Ordinal);

    public Dictionary<string, long> Timestamps() =>
        _latest.Where(p => p.Value.Timestamp is not null).ToDictionary(p => p.Key, p => p.Value.Timestamp!.Value.ToUnixTimeMilliseconds(), StringComparer.Ordinal);

    public Dictionary<string, MetricValue> Snapshot() => new(_latest, StringComparer.Ordinal);
}
