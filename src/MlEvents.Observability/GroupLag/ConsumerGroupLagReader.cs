using Confluent.Kafka;

namespace MlEvents.Observability.GroupLag;

/// <summary>
/// Reads a consumer group's committed offsets and the log-end offsets of its topics, like
/// <c>kafka-consumer-groups --describe</c>. It never joins the group: it asks the coordinator for committed offsets
/// (OffsetFetch) with a consumer that does not subscribe, so running it does not trigger a rebalance.
/// </summary>
public sealed class ConsumerGroupLagReader(string bootstrapServers, IEnumerable<KeyValuePair<string, string>>? extraConfig = null, TimeSpan? timeout = null)
{
    private readonly TimeSpan _timeout = timeout ?? TimeSpan.FromSeconds(10);

    public Task<IReadOnlyList<GroupPartitionLag>> ReadAsync(string group, IEnumerable<string> topics, CancellationToken cancellationToken = default) =>
        Task.Run(() => Read(group, topics, cancellationToken), cancellationToken);

    public IReadOnlyList<GroupPartitionLag> Read(string group, IEnumerable<string> topics, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(group);
        var topicList = topics.Where(t => !string.IsNullOrWhiteSpace(t)).Distinct(StringComparer.Ordinal).ToList();
        if (topicList.Count == 0)
        {
            throw new ArgumentException("At least one topic is required.", nameof(topics));
        }

        var config = new ConsumerConfig(extraConfig?.ToDictionary(e => e.Key, e => e.Value) ?? [])
        {
            BootstrapServers = bootstrapServers,
            GroupId = group,
            EnableAutoCommit = false,
            AllowAutoCreateTopics = false,
        };
        using var consumer = new ConsumerBuilder<Ignore, Ignore>(config)
            .SetLogHandler((_, _) => { })
            .Build();
        using var admin = new DependentAdminClientBuilder(consumer.Handle).Build();

        var partitions = new List<TopicPartition>();
        foreach (var topic in topicList)
        {
            cancellationToken.ThrowIfCancellationRequested();
            partitions.AddRange(PartitionsOf(admin, topic));
        }

        var committed = consumer.Committed(partitions, _timeout)
            .ToDictionary(c => c.TopicPartition, c => c.Offset);

        var rows = new List<GroupPartitionLag>(partitions.Count);
        foreach (var partition in partitions)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var end = consumer.QueryWatermarkOffsets(partition, _timeout).High.Value;
            long? current = committed.TryGetValue(partition, out var offset) && offset.Value >= 0 ? offset.Value : null;
            rows.Add(new GroupPartitionLag(partition.Topic, partition.Partition.Value, current, end, current is { } c ? end - c : null));
        }
        return rows;
    }

    private IEnumerable<TopicPartition> PartitionsOf(IAdminClient admin, string topic)
    {
        var metadata = admin.GetMetadata(topic, _timeout).Topics.SingleOrDefault(t => t.Topic == topic);
        if (metadata is null || metadata.Error.IsError || metadata.Partitions.Count == 0)
        {
            var reason = metadata?.Error.IsError == true ? metadata.Error.Reason : "no partitions";
            throw new KafkaException(new Error(metadata?.Error.Code ?? ErrorCode.UnknownTopicOrPart, $"Topic '{topic}': {reason}"));
        }
        return metadata.Partitions.OrderBy(p => p.PartitionId).Select(p => new TopicPartition(topic, p.PartitionId));
    }
}
