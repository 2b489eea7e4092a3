using System.Diagnostics.Metrics;
using MlEvents.Worker.Diagnostics;

namespace MlEvents.Integration.Tests.Worker;

/// <summary>Samples one host's <c>mlevents.events.in_flight</c> gauge every few milliseconds and keeps the maximum.</summary>
public sealed class InFlightGaugeSampler : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _sampling;
    private long _current;
    private long _max;

    public InFlightGaugeSampler(IMeterFactory factory)
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == WorkerMetrics.MeterName && ReferenceEquals(instrument.Meter.Scope, factory)
                && instrument.Name == WorkerMetrics.EventsInFlightName)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((_, value, _, _) =>
        {
            Volatile.Write(ref _current, value);
            if (value > Volatile.Read(ref _max))
            {
                Volatile.Write(ref _max, value);
            }
        });
        _listener.Start();
        _sampling = Task.Run(async () =>
        {
            while (!_stop.IsCancellationRequested)
            {
                _listener.RecordObservableInstruments();
                await Task.Delay(2).ConfigureAwait(false);
            }
        });
    }

    public long Current => Volatile.Read(ref _current);

    public long Max => Volatile.Read(ref _max);

    public void Dispose()
    {
        _stop.Cancel();
        _sampling.Wait(TimeSpan.FromSeconds(5));
        _listener.Dispose();
        _stop.Dispose();
    }
}
