using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using MlEvents.Worker.Diagnostics;

namespace MlEvents.Reliability.Tests.Support;

/// <summary>The long counters of one host's worker meter (filtered by its meter factory, so parallel hosts do not mix).</summary>
public sealed class MetricsRecorder : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly ConcurrentQueue<(string Instrument, long Value, KeyValuePair<string, object?>[] Tags)> _measurements = new();

    public MetricsRecorder(IMeterFactory factory)
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == WorkerMetrics.MeterName && ReferenceEquals(instrument.Meter.Scope, factory))
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => _measurements.Enqueue((instrument.Name, value, tags.ToArray())));
        _listener.Start();
    }

    public long Sum(string instrument, params (string Key, string Value)[] tags) =>
        _measurements
            .Where(m => m.Instrument == instrument && tags.All(t => m.Tags.Any(mt => mt.Key == t.Key && Equals(mt.Value, t.Value))))
            .Sum(m => m.Value);

    public void Dispose() => _listener.Dispose();
}
