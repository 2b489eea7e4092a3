using System.Globalization;
using System.Text.Json;

namespace MlEvents.Observability.Lag;

/// <summary>
/// Parses the statistics JSON librdkafka emits every <c>statistics.interval.ms</c>
/// (Confluent.Kafka: <c>SetStatisticsHandler</c>). See librdkafka's STATISTICS.md.
/// </summary>
public static class LibrdkafkaStatisticsParser
{
    public const long InvalidOffset = -1001;

    public static KafkaClientStatistics Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new FormatException("librdkafka statistics must be a JSON object.");
        }

        return new KafkaClientStatistics(
            Name: String(root, "name"),
            ClientId: String(root, "client_id"),
            Type: String(root, "type"),
            Time: DateTimeOffset.FromUnixTimeSeconds(Int(root, "time", 0)),
            QueuedMessages: Int(root, "msg_cnt", 0),
            MaxQueuedMessages: Int(root, "msg_max", 0),
            QueuedBytes: Int(root, "msg_size", 0),
            MaxQueuedBytes: Int(root, "msg_size_max", 0),
            Partitions: ParsePartitions(root),
            ConsumerGroup: root.TryGetProperty("cgrp", out var cgrp) && cgrp.ValueKind == JsonValueKind.Object
                ? ParseConsumerGroup(cgrp)
                : null);
    }

    /// <summary>Like <see cref="Parse"/> but returns false instead of throwing on malformed input.</summary>
    public static bool TryParse(string json, out KafkaClientStatistics? statistics)
    {
        try
        {
            statistics = Parse(json);
            return true;
        }
        catch (Exception e) when (e is JsonException or FormatException or ArgumentOutOfRangeException)
        {
            statistics = null;
            return false;
        }
    }

    private static List<PartitionStatistics> ParsePartitions(JsonElement root)
    {
        var result = new List<PartitionStatistics>();
        if (!root.TryGetProperty("topics", out var topics) || topics.ValueKind != JsonValueKind.Object)
        {
            return result;
        }

        foreach (var topic in topics.EnumerateObject())
        {
            if (!topic.Value.TryGetProperty("partitions", out var partitions) || partitions.ValueKind != JsonValueKind.Object)
            {
                continue;
            }
            var topicName = topic.Value.TryGetProperty("topic", out var name) && name.ValueKind == JsonValueKind.String
                ? name.GetString()!
                : topic.Name;

            foreach (var partition in partitions.EnumerateObject())
            {
                var p = partition.Value;
                var id = (int)Int(p, "partition", long.Parse(partition.Name, CultureInfo.InvariantCulture));
                var high = Int(p, "hi_offset", InvalidOffset);
                result.Add(new PartitionStatistics(
                    Topic: topicName,
                    Partition: id,
                    FetchState: String(p, "fetch_state"),
                    CommittedOffset: Int(p, "committed_offset", InvalidOffset),
                    StoredOffset: Int(p, "stored_offset", InvalidOffset),
                    LowOffset: Int(p, "lo_offset", InvalidOffset),
                    HighOffset: high,
                    LastStableOffset: Int(p, "ls_offset", high),
                    ConsumerLag: Int(p, "consumer_lag", -1),
                    ConsumerLagStored: Int(p, "consumer_lag_stored", -1)));
            }
        }
        return result;
    }

    private static ConsumerGroupStatistics ParseConsumerGroup(JsonElement cgrp) => new(
        State: String(cgrp, "state"),
        JoinState: String(cgrp, "join_state"),
        RebalanceCount: Int(cgrp, "rebalance_cnt", 0),
        RebalanceReason: String(cgrp, "rebalance_reason"),
        AssignmentSize: (int)Int(cgrp, "assignment_size", 0));

    private static string String(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString()! : "";

    private static long Int(JsonElement element, string name, long fallback) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var number)
            ? number
            : fallback;
}
