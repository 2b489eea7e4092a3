using Confluent.Kafka;
using Microsoft.Extensions.Options;

namespace MlEvents.Worker.Configuration;

/// <summary>Builds the librdkafka configurations: pass-through settings first, then the settings the worker owns.</summary>
public sealed class KafkaClientConfigs(IOptions<KafkaOptions> kafka, IOptions<WorkerOptions> worker)
{
    public ConsumerConfig Consumer()
    {
        var config = new ConsumerConfig(Merge(kafka.Value.Common, kafka.Value.Consumer, ("auto.offset.reset", "earliest")))
        {
            BootstrapServers = kafka.Value.BootstrapServers,
            GroupId = worker.Value.GroupId,
            EnableAutoOffsetStore = false,
            EnableAutoCommit = true,
        };
        config.ClientId ??= $"mlevents-worker-{Environment.MachineName}";
        return config;
    }

    public ProducerConfig Producer()
    {
        var config = new ProducerConfig(Merge(kafka.Value.Common, kafka.Value.Producer, ("linger.ms", "5"), ("compression.type", "lz4")))
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
