using Confluent.Kafka;

namespace MlEvents.Tests.Shared;

/// <summary>Reads one header of every record on a topic, for tests that check what travels beside the events.</summary>
internal static class TopicHeaders
{
    /// <summary>The value of header <paramref name="name"/> of each record from the beginning (null where absent), waiting up to 10 s for <paramref name="expected"/> records.</summary>
    public static IReadOnlyList<string?> Read(string bootstrapServers, string topic, int partitions, int expected, string name)
    {
        using var consumer = new ConsumerBuilder<byte[], byte[]>(new ConsumerConfig
        {
            BootstrapServers = bootstrapServers,
            GroupId = "headers-" + Guid.NewGuid().ToString("N"),
            EnableAutoCommit = false,
            FetchWaitMaxMs = 50,
        }).Build();
        consumer.Assign(Enumerable.Range(0, partitions).Select(p => new TopicPartitionOffset(topic, p, Offset.Beginning)));
        var results = new List<string?>();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (results.Count < expected && DateTime.UtcNow < deadline)
        {
            if (consumer.Consume(TimeSpan.FromMilliseconds(100)) is { IsPartitionEOF: false } message)
            {
                results.Add(message.Message.Headers.TryGetLastBytes(name, out var value) ? System.Text.Encoding.ASCII.GetString(value) : null);
            }
        }
        return results;
    }
}
