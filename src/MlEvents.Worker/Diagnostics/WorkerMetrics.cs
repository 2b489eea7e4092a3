using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Confluent.Kafka;

namespace MlEvents.Worker.Diagnostics;

/// <summary>The worker's instruments on <c>Meter("MlEvents.Worker")</c>. Cheap to update; no exporter is attached here.</summary>
public sealed class WorkerMetrics
{
    public const string MeterName = "MlEvents.Worker";
    public const string EventsConsumedName = "mlevents.worker.events.consumed";
    public const string RecordsProducedName = "mlevents.worker.records.produced";
    public const string EventsDeadLetteredName = "mlevents.worker.events.dead_lettered";
    public const string RetriesName = "mlevents.worker.retries";
    public const string DeliveryFailuresName = "mlevents.worker.delivery.failures";
    public const string EventsInFlightName = "mlevents.worker.events.in_flight";
    public const string PartitionsAssignedName = "mlevents.worker.partitions.assigned";
    public const string LastProcessedTimestampName = "mlevents.worker.last_processed.timestamp";

    private readonly Counter<long> _consumed;
    private readonly Counter<long> _produced;
    private readonly Counter<long> _deadLettered;
    private readonly Counter<long> _retries;
    private readonly Counter<long> _deliveryFailures;
    private readonly ConcurrentDictionary<TopicPartition, long> _lastProcessed = new();
    private long _inFlight;
    private int _assigned;

    public WorkerMetrics(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        var meter = meterFactory.Create(MeterName);
        _consumed = meter.CreateCounter<long>(EventsConsumedName, "{event}", "Input events handed to the pipeline.");
        _produced = meter.CreateCounter<long>(RecordsProducedName, "{record}", "Records acknowledged by Kafka, tagged by topic.");
        _deadLettered = meter.CreateCounter<long>(EventsDeadLetteredName, "{event}", "Input events written to the dead-letter topic, tagged by failing stage.");
        _retries = meter.CreateCounter<long>(RetriesName, "{retry}", "Retries after transient failures, tagged by kind (translate, delivery, queue_full).");
        _deliveryFailures = meter.CreateCounter<long>(DeliveryFailuresName, "{record}", "Delivery reports with an error (after librdkafka's own retries), tagged by error code.");
        meter.CreateObservableGauge(EventsInFlightName, () => Interlocked.Read(ref _inFlight), "{event}", "Events consumed but not yet fully acknowledged.");
        meter.CreateObservableGauge(PartitionsAssignedName, () => Volatile.Read(ref _assigned), "{partition}", "Partitions currently assigned to this worker.");
        meter.CreateObservableGauge(LastProcessedTimestampName, ObserveLastProcessed, "ms", "Unix time (ms) of the last event whose offset completed, per partition.");
    }

    public void EventConsumed(string topic) => _consumed.Add(1, new KeyValuePair<string, object?>("topic", topic));

    public void RecordProduced(string topic) => _produced.Add(1, new KeyValuePair<string, object?>("topic", topic));

    public void EventDeadLettered(string stage) => _deadLettered.Add(1, new KeyValuePair<string, object?>("stage", stage));

    public void Retry(string kind) => _retries.Add(1, new KeyValuePair<string, object?>("kind", kind));

    public void DeliveryFailed(ErrorCode code) => _deliveryFailures.Add(1, new KeyValuePair<string, object?>("error", code.ToString()));

    public void InFlightChanged(long delta) => Interlocked.Add(ref _inFlight, delta);

    public void AssignedPartitionsChanged(int delta) => Interlocked.Add(ref _assigned, delta);

    public void EventCompleted(TopicPartition partition, Timestamp timestamp) => _lastProcessed[partition] = timestamp.UnixTimestampMs;

    public void PartitionReleased(TopicPartition partition) => _lastProcessed.TryRemove(partition, out _);

    private IEnumerable<Measurement<long>> ObserveLastProcessed() =>
        _lastProcessed.Select(entry => new Measurement<long>(
            entry.Value,
            new KeyValuePair<string, object?>("topic", entry.Key.Topic),
            new KeyValuePair<string, object?>("partition", entry.Key.Partition.Value)));
}
