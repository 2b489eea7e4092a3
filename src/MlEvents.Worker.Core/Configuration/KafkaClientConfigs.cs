using Confluent.Kafka;
using Microsoft.Extensions.Options;

namespace MlEvents.Worker.Configuration;

/// <summary>Builds the librdkafka configurations: pass-through settings first, then the settings the worker owns.</summary>
public sealed class KafkaClientConfigs(IOptions<KafkaOptions> kafka, IOptions<WorkerOptions> worker)
{
    public ConsumerConfig Consumer()
    {
        var config = new ConsumerConfig(Merge(kafka.Value.Common, kafka.Value.Consumer, ConsumerDefaults(kafka.Value)))
        {
            BootstrapServers = kafka.Value.BootstrapServers,
            GroupId = worker.Value.GroupId,
            EnableAutoOffsetStore = false,
            EnableAutoCommit = true,
        };
        config.ClientId ??= $"mlevents-worker-{Environment.MachineName}";
        return config;
    }

    /// <summary>librdkafka's pre-fetch queue, bounded well below its 64 MiB default (which may apply per partition).</summary>
    public const string DefaultQueuedMaxMessagesKbytes = "4096";

    /// <summary>At most this many bytes per fetch response (librdkafka's default is 50 MiB).</summary>
    public const string DefaultFetchMaxBytes = "4194304";

    /// <summary>Messages per partition librdkafka tries to keep pre-fetched (its default is 100,000).</summary>
    public const string DefaultQueuedMinMessages = "1000";

    /// <summary>
    /// How long librdkafka waits before fetching again once the pre-fetch queue was over <c>queued.min.messages</c> or
    /// <c>queued.max.messages.kbytes</c>. Its default, 1,000 ms, idles the worker: the small queue above drains in a few
    /// milliseconds, then nothing is fetched for the rest of the second.
    /// </summary>
    public const string DefaultFetchQueueBackoffMs = "10";

    /// <summary>
    /// Delivery reports carry only the status the pipeline reads (error, topic, partition, offset), not copies of each
    /// record's key and value (Confluent.Kafka's default, <c>all</c>, marshals and allocates both per record).
    /// </summary>
    public const string DefaultDeliveryReportFields = "none";

    private static (string Key, string Value)[] ConsumerDefaults(KafkaOptions options)
    {
        var defaults = new List<(string, string)>
        {
            ("auto.offset.reset", "earliest"),
            ("queued.max.messages.kbytes", DefaultQueuedMaxMessagesKbytes),
            ("queued.min.messages", DefaultQueuedMinMessages),
            ("fetch.queue.backoff.ms", DefaultFetchQueueBackoffMs),
        };

        // librdkafka refuses fetch.max.bytes below message.max.bytes: whoever raises the latter keeps librdkafka's own choice.
        if (!options.Common.ContainsKey("message.max.bytes") && !options.Consumer.ContainsKey("message.max.bytes"))
        {
            defaults.Add(("fetch.max.bytes", DefaultFetchMaxBytes));
        }

        return [.. defaults];
    }

    public ProducerConfig Producer()
    {
        var config = new ProducerConfig(Merge(
            kafka.Value.Common, kafka.Value.Producer, ("linger.ms", "5"), ("compression.type", "lz4"), ("dotnet.producer.delivery.report.fields", DefaultDeliveryReportFields)))
        {
            BootstrapServers = kafka.Value.BootstrapServers,
            EnableIdempotence = true,
            Acks = Acks.All,
        };
        config.ClientId ??= $"mlevents-worker-{Environment.MachineName}";
        return config;
    }

    public AdminClientConfig Admin() =>
        new(Merge(kafka.Value.Common, new Dictionary<string, string>(), ("allow.auto.create.topics", "false")))
        {
            BootstrapServers = kafka.Value.BootstrapServers,
        };

    private static Dictionary<string, string> Merge(
        IReadOnlyDictionary<string, string> common, IReadOnlyDictionary<string, string> specific, params (string Key, string Value)[] defaults)
    {
        var merged = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in defaults)
        {
            merged[key] = value;
        }

        foreach (var (key, value) in common)
        {
            merged[key] = value;
        }

        foreach (var (key, value) in specific)
        {
            merged[key] = value;
        }

        return merged;
    }
}
