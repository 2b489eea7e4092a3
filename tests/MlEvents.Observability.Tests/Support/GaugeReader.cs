using System.Diagnostics.Metrics;
using MlEvents.Observability.Metrics;

namespace MlEvents.Observability.Tests.Support;

/// <summary>One observed value of an instrument with its tags.</summary>
public sealed record Sample(string Name, double Value, IReadOnlyDictionary<string, string?> Labels)
{
    public bool Has(params (string Key, string Value)[] labels) => labels.All(l => Labels.TryGetValue(l.Key, out var v) && v == l.Value);
}

/// <summary>Registers a source's instruments on a private meter and reads their current values, as an exporter's collection would.</summary>
public sealed class GaugeReader : IDisposable
{
    private readonly Meter _meter = new($"Test.{Guid.NewGuid():N}");
    private readonly MeterListener _listener = new();
    private readonly List<Sample> _collected = [];

    public GaugeReader(IObservableMetricsSource source)
    {
        source.RegisterInstruments(_meter);
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (ReferenceEquals(instrument.Meter, _meter))
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => _collected.Add(new Sample(
            instrument.Name, value, tags.ToArray().ToDictionary(t => t.Key, t => t.Value?.ToString()))));
        _listener.Start();
    }

    public IReadOnlyList<Sample> Collect()
    {
        _collected.Clear();
        _listener.RecordObservableInstruments();
        return [.. _collected];
    }

    public void Dispose()
    {
        _listener.Dispose();
        _meter.Dispose();
    }
}

public static class Samples
{
    public static IReadOnlyList<Sample> Named(this IReadOnlyList<Sample> samples, string name, params (string Key, string Value)[] labels) =>
        [.. samples.Where(s => s.Name == name && s.Has(labels))];

    /// <summary>The single value of <paramref name="name"/> with these labels (fails when there is none or several).</summary>
    public static double Single(this IReadOnlyList<Sample> samples, string name, params (string Key, string Value)[] labels) =>
        Assert.Single(samples.Named(name, labels)).Value;
}
