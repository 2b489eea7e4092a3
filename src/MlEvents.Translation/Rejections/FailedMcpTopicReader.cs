using Confluent.Kafka;
using Confluent.SchemaRegistry;

namespace MlEvents.Worker.Rejections;

/// <summary>What <see cref="FailedMcpTopicReader.ReadRecentAsync"/> found.</summary>
/// <param name="TopicExists">False when the cluster does not know the topic (DataHub has refused nothing yet, or uses another name).</param>
/// <param name="Rejections">The newest records, oldest first.</param>
/// <param name="Unreadable">Records in the scanned range that are not readable failed MCPs.</param>
public sealed record RecentRejections(bool TopicExists, IReadOnlyList<RejectedMcp> Rejections, int Unreadable);

/// <summary>
/// Reads the newest records of DataHub's failed-MCP topic without joining a group or committing anything: per partition
/// the last <c>scanPerPartition</c> records up to the high watermark at the time of the call.
/// </summary>
public static class FailedMcpTopicReader
{
    public static async Task<RecentRejections> ReadRecentAsync(
        ConsumerConfig baseConfig, ISchemaRegistryClient registry, string topic, int limit, bool includeOtherProducers, TimeSpan timeout,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(baseConfig);
        ArgumentException.ThrowIfNullOrWhiteSpace(topic);
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);

        var partitions = Partitions(baseConfig, topic, timeout);
        if (partitions is null)
        {
            return new RecentRejections(false, [], 0);
        }

        var config = new ConsumerConfig(baseConfig.ToDictionary(kv => kv.Key, kv => kv.Value))
        {
            GroupId = baseConfig.GroupId ?? "mlevents-cli-rejections", // never joins: partitions are assigned, nothing is committed
            EnableAutoCommit = false,
            EnableAutoOffsetStore = false,
        };
        using var consumer = new ConsumerBuilder<byte[]?, byte[]?>(config).SetLogHandler((_, _) => { }).Build();
        // Scan more than the limit: records of other producers are skipped unless asked for.
        var scanPerPartition = includeOtherProducers ? limit : Math.Max(limit * 10, 200);
        var ends = new Dictionary<TopicPartition, long>();
        var starts = new List<TopicPartitionOffset>();
        foreach (var partition in partitions)
        {
            var watermarks = consumer.QueryWatermarkOffsets(partition, timeout);
            if (watermarks.High.Value > watermarks.Low.Value)
            {
                ends[partition] = watermarks.High.Value;
                starts.Add(new TopicPartitionOffset(partition, Math.Max(watermarks.Low.Value, watermarks.High.Value - scanPerPartition)));
            }
        }

        var decoder = new FailedMcpDecoder(registry);
        var found = new List<RejectedMcp>();
        var unreadable = 0;
        consumer.Assign(starts);
        var deadline = DateTime.UtcNow + timeout;
        try
        {
            while (ends.Count > 0 && DateTime.UtcNow < deadline)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var result = consumer.Consume(TimeSpan.FromMilliseconds(100));
                if (result?.Message is null)
                {
                    continue;
                }

                if (result.Offset.Value + 1 >= ends.GetValueOrDefault(result.TopicPartition, long.MaxValue))
                {
                    ends.Remove(result.TopicPartition);
                }

                var (rejection, _) = await decoder.DecodeAsync(result).ConfigureAwait(false);
                if (rejection is null)
                {
                    unreadable++;
                }
                else if (includeOtherProducers || rejection.IsOurs)
                {
                    found.Add(rejection);
                }
            }
        }
        finally
        {
            consumer.Close();
        }

        if (ends.Count > 0)
        {
            throw new TimeoutException($"reading {topic} took longer than {timeout.TotalSeconds:0.#} s ({ends.Count} partitions unfinished)");
        }

        return new RecentRejections(true,
            [.. found.OrderBy(r => r.Timestamp).ThenBy(r => r.Position.Partition.Value).ThenBy(r => r.Position.Offset.Value).TakeLast(limit)],
            unreadable);
    }

    private static List<TopicPartition>? Partitions(ConsumerConfig config, string topic, TimeSpan timeout)
    {
        var adminConfig = new AdminClientConfig(config.Where(kv => !IsConsumerOnly(kv.Key)).ToDictionary(kv => kv.Key, kv => kv.Value));
        adminConfig.Set("allow.auto.create.topics", "false"); // a metadata request must not create the topic it asks about
        using var admin = new AdminClientBuilder(adminConfig).SetLogHandler((_, _) => { }).Build();
        var described = admin.GetMetadata(topic, timeout).Topics.FirstOrDefault(t => t.Topic == topic);
        if (described is null || described.Error.Code == ErrorCode.UnknownTopicOrPart || described.Partitions.Count == 0)
        {
            return null;
        }

        if (described.Error.IsError)
        {
            throw new KafkaException(described.Error);
        }

        return [.. described.Partitions.Select(p => new TopicPartition(topic, p.PartitionId))];
    }

    private static bool IsConsumerOnly(string key) =>
        key is "group.id" or "enable.auto.commit" or "enable.auto.offset.store" or "auto.offset.reset" or "group.protocol";
}
