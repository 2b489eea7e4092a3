using System.Diagnostics;
using System.Diagnostics.Metrics;
using MlEvents.Worker.Diagnostics;

namespace MlEvents.Bench.Measurement;

/// <summary>
/// Listens to the worker's own instruments (meter <see cref="WorkerMetrics.MeterName"/> of one host's
/// <see cref="IMeterFactory"/>): events translated, MCPs acknowledged on the MCP topic, dead letters, and every
/// consume-to-ack duration (exact values, not the exporter's buckets).
/// </summary>
public sealed class WorkerProbe : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly string _mcpTopic;
    private long _consumed;
    private long _mcps;
    private long _deadLettered;
    private long _firstConsumed;
    private long _lastAck;

    public WorkerProbe(IMeterFactory scope, string mcpTopic)
    {
        _mcpTopic = mcpTopic;
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == WorkerMetrics.MeterName && ReferenceEquals(instrument.Meter.Scope, scope)
                && instrument.Name is WorkerMetrics.EventsConsumedName or WorkerMetrics.McpsProducedName
                    or WorkerMetrics.EventsDeadLetteredName or WorkerMetrics.ConsumeToAckSecondsName)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>(OnCount);
        _listener.SetMeasurementEventCallback<double>(OnDuration);
        _listener.Start();
    }

    public LatencyHistogram ConsumeToAck { get; } = new();

    /// <summary>Consume-to-ack of events acknowledged later than <see cref="WarmUp"/> after the first translated event (steady state).</summary>
    public LatencyHistogram SteadyConsumeToAck { get; } = new();

    /// <summary>Start-up span left out of <see cref="SteadyConsumeToAck"/>: first registry look-ups, JIT, partition assignment.</summary>
    public static TimeSpan WarmUp { get; } = TimeSpan.FromSeconds(2);

    /// <summary>Events fully acknowledged (one consume-to-ack measurement each).</summary>
    public long AckedEvents => ConsumeToAck.Count;

    public long ConsumedEvents => Interlocked.Read(ref _consumed);

    public long AckedMcps => Interlocked.Read(ref _mcps);

    public long DeadLettered => Interlocked.Read(ref _deadLettered);

    /// <summary><see cref="Stopwatch.GetTimestamp"/> of the first translated event; 0 before.</summary>
    public long FirstConsumedAt => Interlocked.Read(ref _firstConsumed);

    public long LastAckAt => Interlocked.Read(ref _lastAck);

    public void Dispose() => _listener.Dispose();

    private void OnCount(Instrument instrument, long value, ReadOnlySpan<KeyValuePair<string, object?>> tags, object? state)
    {
        switch (instrument.Name)
        {
            case WorkerMetrics.EventsConsumedName:
                if (Interlocked.Add(ref _consumed, value) == value)
                {
                    Interlocked.CompareExchange(ref _firstConsumed, Stopwatch.GetTimestamp(), 0);
                }

                break;
            case WorkerMetrics.McpsProducedName when HasTopic(tags, _mcpTopic):
                Interlocked.Add(ref _mcps, value);
                break;
            case WorkerMetrics.EventsDeadLetteredName:
                Interlocked.Add(ref _deadLettered, value);
                break;
        }
    }

    private void OnDuration(Instrument instrument, double seconds, ReadOnlySpan<KeyValuePair<string, object?>> tags, object? state)
    {
        var latency = TimeSpan.FromSeconds(seconds);
        ConsumeToAck.Record(latency);
        var now = Stopwatch.GetTimestamp();
        Interlocked.Exchange(ref _lastAck, now);
        var first = FirstConsumedAt;
        if (first != 0 && Stopwatch.GetElapsedTime(first, now) >= WarmUp)
        {
            SteadyConsumeToAck.Record(latency);
        }
    }

    private static bool HasTopic(ReadOnlySpan<KeyValuePair<string, object?>> tags, string topic)
    {
        foreach (var tag in tags)
        {
            if (tag.Key == "topic")
            {
                return topic.Equals(tag.Value as string, StringComparison.Ordinal);
            }
        }

        return true; // no topic tag: only MCP records are counted under this instrument
    }
}
