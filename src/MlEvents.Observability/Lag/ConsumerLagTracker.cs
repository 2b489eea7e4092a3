using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Globalization;
using MlEvents.Observability.Metrics;

namespace MlEvents.Observability.Lag;

/// <summary>
/// Keeps the latest consumer statistics and the last processed event per partition, and publishes lag with
/// kafka-lag-exporter's metric names and labels so its dashboards and alerts work unchanged.
/// </summary>
/// <remarks>
/// Wire it as: <c>consumerBuilder.SetStatisticsHandler((_, json) => tracker.OnStatistics(json))</c> with
/// <c>statistics.interval.ms</c> set, <c>tracker.RecordProcessed(...)</c> after each handled event, and
/// <c>RegisterInstruments(meter)</c> (done by <see cref="ObservabilityMetrics"/> when registered through DI).
/// </remarks>
public sealed class ConsumerLagTracker : IObservableMetricsSource
{
    private readonly ConsumerLagTrackerOptions _options;
    private readonly TimeProvider _time;
    private readonly ConsumerStallDetector? _stallDetector;
    private readonly ConcurrentDictionary<(string Topic, int Partition), ProcessedPosition> _processed = new();
    private volatile Received? _latest;
    private volatile string _consumerId = "";
    private long _malformed;

    public ConsumerLagTracker(ConsumerLagTrackerOptions options, TimeProvider? timeProvider = null, ConsumerStallDetector? stallDetector = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(options.Group);
        _options = options;
        _time = timeProvider ?? TimeProvider.System;
        _stallDetector = stallDetector;
    }

    /// <summary>Statistics JSON that could not be parsed (ignored).</summary>
    public long MalformedStatistics => Interlocked.Read(ref _malformed);

    /// <summary>Statistics handler: parses the JSON and makes it the current snapshot. Never throws on bad input.</summary>
    public void OnStatistics(string json)
    {
        if (LibrdkafkaStatisticsParser.TryParse(json, out var statistics))
        {
            Update(statistics!);
        }
        else
        {
            Interlocked.Increment(ref _malformed);
        }
    }

    public void Update(KafkaClientStatistics statistics)
    {
        _latest = new Received(statistics, _time.GetUtcNow());
        _stallDetector?.Observe(statistics.ActivePartitions
            .Where(p => p.ConsumerLag >= 0)
            .Select(p => new PartitionProgress(p.Topic, p.Partition, p.ConsumerLag, p.CommittedOffset)));
    }

    /// <summary>Hot path: remember the offset and timestamp of the last event handled on a partition.</summary>
    public void RecordProcessed(string topic, int partition, long offset, DateTimeOffset timestamp)
    {
        var position = _processed.GetOrAdd((topic, partition), static _ => new ProcessedPosition());
        position.Set(offset, timestamp);
    }

    /// <summary>Call when a partition is revoked or lost: a later re-assignment may rewind to an older offset.</summary>
    public void ForgetPartition(string topic, int partition) => _processed.TryRemove((topic, partition), out _);

    /// <summary>The group member id (Confluent.Kafka <c>IConsumer.MemberId</c>), exported as <c>consumer_id</c>.</summary>
    public void SetConsumerId(string? memberId) => _consumerId = memberId ?? "";

    /// <summary>The current lag; null before the first statistics or when they are older than MaxStatisticsAge.</summary>
    public ConsumerLagSnapshot? Current
    {
        get
        {
            var latest = _latest;
            var now = _time.GetUtcNow();
            if (latest is null || now - latest.At > _options.MaxStatisticsAge)
            {
                return null;
            }

            var partitions = latest.Statistics.ActivePartitions
                .Where(p => p.ConsumerLag >= 0)
                .OrderBy(p => p.Topic, StringComparer.Ordinal).ThenBy(p => p.Partition)
                .Select(p => ToPartitionLag(p, now))
                .ToList();
            var clientId = _options.ClientId.Length > 0 ? _options.ClientId : latest.Statistics.ClientId;
            return new ConsumerLagSnapshot(latest.At, clientId, partitions, latest.Statistics.ConsumerGroup);
        }
    }

    /// <summary>Seconds since the newest statistics arrived; null before the first.</summary>
    public double? StatisticsAgeSeconds => _latest is { } latest ? (_time.GetUtcNow() - latest.At).TotalSeconds : null;

    /// <summary>
    /// Publishes lag as observable gauges named and labelled like kafka-lag-exporter's series (read on every collection:
    /// a Prometheus scrape or an OTLP export). Series disappear when the statistics go stale or a partition is no longer fetched.
    /// </summary>
    public void RegisterInstruments(Meter meter)
    {
        ArgumentNullException.ThrowIfNull(meter);
        meter.CreateObservableGauge("mlevents_lag_statistics_age_seconds", StatisticsAge, "s",
            "Seconds since librdkafka last delivered consumer statistics (they come from the poll loop).");
        meter.CreateObservableGauge("kafka_consumergroup_group_offset",
            () => PerPartition(p => p.CommittedOffset >= 0 ? p.CommittedOffset : null), description: "The last committed offset of this group for the partition.");
        meter.CreateObservableGauge("kafka_consumergroup_group_lag",
            () => PerPartition(p => p.Lag), description: "Offset lag: end offset minus committed offset of the partition for this group.");
        meter.CreateObservableGauge("kafka_consumergroup_group_lag_seconds",
            () => PerPartition(p => p.LagSeconds), "s", "Estimated time lag: now minus the timestamp of the last processed event (0 when caught up).");
        meter.CreateObservableGauge("kafka_consumergroup_group_max_lag",
            () => PerMember(s => s.MaxLag, simple: true), description: "The highest offset lag of the partitions this member consumes.");
        meter.CreateObservableGauge("kafka_consumergroup_group_max_lag_seconds",
            () => PerMember(s => s.MaxLagSeconds, simple: true), "s", "The highest estimated time lag of the partitions this member consumes.");
        meter.CreateObservableGauge("kafka_consumergroup_group_sum_lag",
            () => PerMember(s => s.SumLag, simple: false), description: "The sum of the offset lag of the partitions this member consumes.");
        meter.CreateObservableGauge("kafka_consumergroup_group_topic_sum_lag", TopicSumLag,
            description: "The sum of the offset lag per topic of the partitions this member consumes.");
        meter.CreateObservableGauge("kafka_partition_latest_offset",
            () => PerTopicPartition(p => p.HighOffset >= 0 ? p.HighOffset : null), description: "The latest (high watermark) offset of the partition.");
        meter.CreateObservableGauge("kafka_partition_earliest_offset",
            () => PerTopicPartition(p => p.LowOffset >= 0 ? p.LowOffset : null), description: "The earliest (low watermark) offset of the partition.");
    }

    private IEnumerable<Measurement<double>> StatisticsAge() =>
        StatisticsAgeSeconds is { } age ? [new Measurement<double>(age, Label("group", _options.Group))] : [];

    private IEnumerable<Measurement<double>> PerPartition(Func<PartitionLag, double?> value)
    {
        if (Current is not { } snapshot)
        {
            return [];
        }

        var measurements = new List<Measurement<double>>(snapshot.Partitions.Count);
        foreach (var partition in snapshot.Partitions)
        {
            if (value(partition) is { } v)
            {
                measurements.Add(new Measurement<double>(v, MemberLabels(partition, snapshot.ClientId)));
            }
        }

        return measurements;
    }

    private IEnumerable<Measurement<double>> PerMember(Func<ConsumerLagSnapshot, double?> value, bool simple)
    {
        if (Current is not { } snapshot || value(snapshot) is not { } v)
        {
            return [];
        }

        return simple
            ? [new Measurement<double>(v, Label("cluster_name", _options.ClusterName), Label("group", _options.Group), Label("is_simple_consumer", "false"))]
            : [new Measurement<double>(v, Label("cluster_name", _options.ClusterName), Label("group", _options.Group))];
    }

    private IEnumerable<Measurement<double>> TopicSumLag() =>
        Current is not { } snapshot
            ? []
            : snapshot.SumLagByTopic.OrderBy(t => t.Key, StringComparer.Ordinal)
                .Select(t => new Measurement<double>(t.Value, Label("cluster_name", _options.ClusterName), Label("group", _options.Group), Label("topic", t.Key)))
                .ToList();

    private IEnumerable<Measurement<double>> PerTopicPartition(Func<PartitionLag, double?> value) =>
        Current is not { } snapshot
            ? []
            : snapshot.Partitions
                .Where(p => value(p) is not null)
                .Select(p => new Measurement<double>(value(p)!.Value, Label("cluster_name", _options.ClusterName), Label("topic", p.Topic), PartitionLabel(p)))
                .ToList();

    private PartitionLag ToPartitionLag(PartitionStatistics p, DateTimeOffset now)
    {
        long? processedOffset = null;
        double? lagSeconds = p.ConsumerLag == 0 ? 0 : null;
        if (_processed.TryGetValue((p.Topic, p.Partition), out var position) && position.Read() is { } processed)
        {
            processedOffset = processed.Offset;
            lagSeconds ??= Math.Max(0, (now - processed.Timestamp).TotalSeconds);
        }
        return new PartitionLag(p.Topic, p.Partition, p.CommittedOffset, p.LowOffset, p.HighOffset, p.ConsumerLag, lagSeconds, processedOffset);
    }

    private KeyValuePair<string, object?>[] MemberLabels(PartitionLag p, string clientId) =>
    [
        Label("cluster_name", _options.ClusterName),
        Label("group", _options.Group),
        Label("topic", p.Topic),
        PartitionLabel(p),
        Label("member_host", _options.MemberHost),
        Label("consumer_id", _consumerId),
        Label("client_id", clientId),
    ];

    private static KeyValuePair<string, object?> PartitionLabel(PartitionLag p) => Label("partition", p.Partition.ToString(CultureInfo.InvariantCulture));

    private static KeyValuePair<string, object?> Label(string name, string value) => new(name, value);

    private sealed record Received(KafkaClientStatistics Statistics, DateTimeOffset At);

    private sealed class ProcessedPosition
    {
        private readonly Lock _lock = new();
        private (long Offset, DateTimeOffset Timestamp)? _value;

        public void Set(long offset, DateTimeOffset timestamp)
        {
            lock (_lock)
            {
                // Out-of-order completion (parallel handlers) must not move the position backwards.
                if (_value is not { } current || offset >= current.Offset)
                {
                    _value = (offset, timestamp);
                }
            }
        }

        public (long Offset, DateTimeOffset Timestamp)? Read()
        {
            lock (_lock)
            {
                return _value;
            }
        }
    }
}
