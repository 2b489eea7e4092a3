using Confluent.Kafka;

namespace MlEvents.Bench.Measurement;

/// <summary>
/// Counts what a topic holds, to prove the mock cluster's retention cap (5 MiB per partition) dropped nothing:
/// every partition's low watermark must still be 0 and the high watermarks must add up to what was produced.
/// </summary>
public static class TopicAudit
{
    public static TopicCount Count(string bootstrapServers, string topic, int partitions)
    {
        using var consumer = new ConsumerBuilder<Ignore, Ignore>(new ConsumerConfig
        {
            BootstrapServers = bootstrapServers,
            GroupId = "bench-audit",
        }).SetLogHandler((_, _) => { }).Build();
        long total = 0;
        var dropped = 0L;
        for (var partition = 0; partition < partitions; partition++)
        {
            var watermarks = consumer.QueryWatermarkOffsets(new TopicPartition(topic, partition), TimeSpan.FromSeconds(10));
            total += watermarks.High.Value - watermarks.Low.Value;
            dropped += watermarks.Low.Value;
        }

        return new TopicCount(topic, total, dropped);
    }

    /// <summary>Throws when records were dropped or are missing.</summary>
    public static TopicCount Require(string bootstrapServers, string topic, int partitions, long expected)
    {
        var count = Count(bootstrapServers, topic, partitions);
        if (count.Dropped > 0 || count.Held != expected)
        {
            throw new InvalidOperationException(
                $"topic {topic} holds {count.Held} of {expected} records, {count.Dropped} dropped by the mock's 5 MiB-per-partition retention: "
                + "use more --partitions or fewer --events");
        }

        return count;
    }
}

public sealed record TopicCount(string Topic, long Held, long Dropped);
