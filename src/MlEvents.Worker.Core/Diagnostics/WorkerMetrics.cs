using System.Diagnostics.Metrics;
using Confluent.Kafka;
using MlEvents.Observability.Lag;

namespace MlEvents.Worker.Diagnostics;

/// <summary>
/// The worker's instruments on <c>Meter("MlEvents.Worker")</c>. Their Prometheus names (dots → '_', counters + <c>_total</c>)
/// are the ones docker/prometheus/alerts.yml and docker/grafana/mlevents-dashboard.json use. Cheap to update.
/// Label values are bounded: event types, aspect names, stages, short reason categories, error codes.
/// </summary>
public sealed class WorkerMetrics
{
    public const string MeterName = "MlEvents.Worker";
    public const string EventsConsumedName = "mlevents.events.consumed";
    public const string McpsProducedName = "mlevents.mcps.produced";
    public const string EventsDeadLetteredName = "mlevents.events.dead_lettered";
    public const string EventsSkippedName = "mlevents.events.skipped";
    public const string DeliveryFailuresName = "mlevents.delivery.failures";
    public const string RetriesName = "mlevents.retries";
    public const string ProcessingSecondsName = "mlevents.processing.seconds";
    public const string ConsumeToAckSecondsName = "mlevents.consume_to_ack.seconds";
    public const string RebalancesName = "mlevents.rebalances";
    public const string AssignedPartitionsName = "mlevents.assigned_partitions";
    public const string ProducerQueueFillRatioName = "mlevents.producer.queue_fill_ratio";
    public const string EventsInFlightName = "mlevents.events.in_flight";
    public const string RejectedMcpsName = "mlevents.datahub.rejected_mcps";
    public const string FailedMcpRecordsName = "mlevents.datahub.failed_mcp_records";
    public const string GmsRequestsName = "mlevents.gms.requests";
    public const string GmsRequestSecondsName = "mlevents.gms.request.seconds";

    /// <summary>The <c>topic</c> label of MCPs acknowledged by GMS (REST sink) on <see cref="McpsProducedName"/>.</summary>
    public const string GmsTarget = "datahub-gms";

    /// <summary>Same instrument as <see cref="McpsProducedName"/> (acknowledged MCP records, also tagged by <c>topic</c>).</summary>
    public const string RecordsProducedName = McpsProducedName;

    /// <summary>Label value when the translator gave no event type or aspect name.</summary>
    public const string Unknown = "unknown";

    private static readonly double[] LatencyBuckets = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

    private readonly Counter<long> _consumed;
    private readonly Counter<long> _produced;
    private readonly Counter<long> _deadLettered;
    private readonly Counter<long> _retries;
    private readonly Counter<long> _skipped;
    private readonly Counter<long> _deliveryFailures;
    private readonly Counter<long> _rebalances;
    private readonly Counter<long> _rejectedMcps;
    private readonly Counter<long> _failedMcpRecords;
    private readonly Counter<long> _gmsRequests;
    private readonly Histogram<double> _gmsRequestSeconds;
    private readonly Histogram<double> _processing;
    private readonly Histogram<double> _consumeToAck;
    private long _inFlight;
    private int _assigned;
    private double _producerQueueFill;

    public WorkerMetrics(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        var meter = meterFactory.Create(MeterName);
        var latency = new InstrumentAdvice<double> { HistogramBucketBoundaries = LatencyBuckets };
        _consumed = meter.CreateCounter<long>(EventsConsumedName, "{event}", "Events read from the input topic and translated (or rejected), by event_type.");
        _produced = meter.CreateCounter<long>(McpsProducedName, "{record}", "MCP records acknowledged by Kafka (topic = the MCP topic) or by GMS (topic = datahub-gms), by aspect.");
        _deadLettered = meter.CreateCounter<long>(EventsDeadLetteredName, "{event}", "Input events sent to the dead-letter topic, by stage and reason category.");
        _skipped = meter.CreateCounter<long>(EventsSkippedName, "{event}", "Input events neither converted nor dead-lettered (the broker refused even a minimal dead-letter record), by stage; each is logged with its offset.");
        _retries = meter.CreateCounter<long>(RetriesName, "{retry}", "Retries after transient failures, by kind (translate, delivery, queue_full).");
        _deliveryFailures = meter.CreateCounter<long>(DeliveryFailuresName, "{record}", "Delivery reports with an error (after librdkafka's own retries), by error code.");
        _rebalances = meter.CreateCounter<long>(RebalancesName, "{rebalance}", "Partition assignment changes, by kind (assigned, revoked, lost).");
        _rejectedMcps = meter.CreateCounter<long>(RejectedMcpsName, "{record}", "MCPs of this worker that DataHub refused (read from its failed-MCP topic), by entity_type and aspect. Their facts are not in DataHub.");
        _failedMcpRecords = meter.CreateCounter<long>(FailedMcpRecordsName, "{record}", "Records read from DataHub's failed-MCP topic, by producer (mlevents, other, unreadable).");
        _gmsRequests = meter.CreateCounter<long>(GmsRequestsName, "{request}", "Requests to DataHub GMS (REST sink), by action (ingestProposalBatch, config) and status (HTTP code, timeout, connection_error).");
        _gmsRequestSeconds = meter.CreateHistogram(GmsRequestSecondsName, "s", "Duration of requests to DataHub GMS (REST sink), by action and status.", advice: latency);
        _processing = meter.CreateHistogram(ProcessingSecondsName, "s", "Time to translate one event and hand its records to the producer, by event_type.", advice: latency);
        _consumeToAck = meter.CreateHistogram(ConsumeToAckSecondsName, "s", "From consuming an event to Kafka acknowledging the last record it produced.", advice: latency);
        meter.CreateObservableGauge(AssignedPartitionsName, () => Volatile.Read(ref _assigned), "{partition}", "Partitions currently assigned to this worker.");
        meter.CreateObservableGauge(ProducerQueueFillRatioName, () => Volatile.Read(ref _producerQueueFill), "1", "How full the producer's local queue is (0..1), from its librdkafka statistics.");
        meter.CreateObservableGauge(EventsInFlightName, () => Interlocked.Read(ref _inFlight), "{event}", "Events consumed but not yet fully acknowledged.");
    }

    public void EventConsumed(string? eventType) => _consumed.Add(1, Tag("event_type", eventType ?? Unknown));

    public void EventProcessed(string? eventType, TimeSpan elapsed) => _processing.Record(elapsed.TotalSeconds, Tag("event_type", eventType ?? Unknown));

    public void EventAcknowledged(TimeSpan sinceConsumed) => _consumeToAck.Record(sinceConsumed.TotalSeconds);

    public void McpProduced(string topic, string? aspect) => _produced.Add(1, Tag("aspect", aspect ?? Unknown), Tag("topic", topic));

    public void EventDeadLettered(string stage, string reasonCategory) => _deadLettered.Add(1, Tag("stage", stage), Tag("reason", reasonCategory));

    public void EventSkipped(string stage) => _skipped.Add(1, Tag("stage", stage));

    public void Retry(string kind) => _retries.Add(1, Tag("kind", kind));

    public void DeliveryFailed(ErrorCode code) => _deliveryFailures.Add(1, Tag("error", code.ToString()));

    public void GmsRequest(string action, string status, TimeSpan elapsed)
    {
        _gmsRequests.Add(1, Tag("action", action), Tag("status", status));
        _gmsRequestSeconds.Record(elapsed.TotalSeconds, Tag("action", action), Tag("status", status));
    }

    public void McpRejected(string entityType, string aspect) => _rejectedMcps.Add(1, Tag("entity_type", entityType), Tag("aspect", aspect));

    public void FailedMcpRecordRead(string producer) => _failedMcpRecords.Add(1, Tag("producer", producer));

    public void Rebalanced(string kind) => _rebalances.Add(1, Tag("kind", kind));

    public void InFlightChanged(long delta) => Interlocked.Add(ref _inFlight, delta);

    public void AssignedPartitionsChanged(int delta) => Interlocked.Add(ref _assigned, delta);

    /// <summary>Producer statistics handler (librdkafka JSON every <c>statistics.interval.ms</c>).</summary>
    public void OnProducerStatistics(string json)
    {
        if (LibrdkafkaStatisticsParser.TryParse(json, out var statistics))
        {
            Volatile.Write(ref _producerQueueFill, statistics!.ProducerQueueFillRatio);
        }
    }

    private static KeyValuePair<string, object?> Tag(string key, string value) => new(key, value);
}
