using System.Diagnostics;
using System.Text;
using Confluent.Kafka;

namespace MlEvents.Integration.Tests.Worker;

/// <summary>Producing inputs, reading topics back and reading committed offsets on the test cluster.</summary>
public sealed class KafkaTestKit(string bootstrapServers)
{
    public const int Partitions = 4; // the mock cluster auto-creates topics with 4 partitions

    public string BootstrapServers { get; } = bootstrapServers;

    public static string Unique(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..(prefix.Length + 13)];

    /// <summary>Produces (key, value, partition) inputs in order and waits for all acknowledgements.</summary>
    public void Produce(string topic, IEnumerable<(string Key, string Value, int Partition)> inputs, Headers? headers = null)
    {
        using var producer = new ProducerBuilder<byte[], byte[]>(new ProducerConfig { BootstrapServers = BootstrapServers, LingerMs = 5 })
            .SetLogHandler((_, _) => { })
            .Build();
        foreach (var (key, value, partition) in inputs)
        {
            producer.Produce(
                new TopicPartition(topic, partition),
                new Message<byte[], byte[]> { Key = Encoding.UTF8.GetBytes(key), Value = Encoding.UTF8.GetBytes(value), Headers = headers },
                report =>
                {
                    if (report.Error.IsError)
                    {
                        throw new InvalidOperationException($"test input not delivered: {report.Error}");
                    }
                });
        }

        if (producer.Flush(TimeSpan.FromSeconds(20)) != 0)
        {
            throw new InvalidOperationException("test inputs not flushed");
        }
    }

    /// <summary>Everything currently in the topic (all partitions, from the beginning up to the high watermark).</summary>
    public List<ConsumeResult<byte[]?, byte[]?>> ReadAll(string topic)
    {
        using var consumer = new ConsumerBuilder<byte[]?, byte[]?>(new ConsumerConfig
        {
            BootstrapServers = BootstrapServers,
            GroupId = Unique("reader"),
            EnableAutoCommit = false,
            EnablePartitionEof = true,
        }).SetLogHandler((_, _) => { }).Build();

        var ends = new Dictionary<int, long>();
        var partitions = new List<TopicPartitionOffset>();
        for (var partition = 0; partition < Partitions; partition++)
        {
            var watermarks = consumer.QueryWatermarkOffsets(new TopicPartition(topic, partition), TimeSpan.FromSeconds(10));
            if (watermarks.High.Value > watermarks.Low.Value)
            {
                ends[partition] = watermarks.High.Value;
                partitions.Add(new TopicPartitionOffset(topic, partition, watermarks.Low));
            }
        }

        var records = new List<ConsumeResult<byte[]?, byte[]?>>();
        if (partitions.Count == 0)
        {
            return records;
        }

        consumer.Assign(partitions);
        var deadline = Stopwatch.StartNew();
        var done = new HashSet<int>();
        while (done.Count < ends.Count && deadline.Elapsed < TimeSpan.FromSeconds(30))
        {
            var record = consumer.Consume(TimeSpan.FromMilliseconds(200));
            if (record is null)
            {
                continue;
            }

            if (!record.IsPartitionEOF)
            {
                records.Add(record);
            }

            if (record.Offset.Value + (record.IsPartitionEOF ? 0 : 1) >= ends[record.Partition.Value])
            {
                done.Add(record.Partition.Value);
            }
        }

        consumer.Close();
        return records;
    }

    /// <summary>The group's committed position per partition (-1 = nothing committed).</summary>
    public Dictionary<int, long> Committed(string group, string topic, int partitions = Partitions)
    {
        using var consumer = new ConsumerBuilder<Ignore, Ignore>(new ConsumerConfig { BootstrapServers = BootstrapServers, GroupId = group })
            .SetLogHandler((_, _) => { })
            .Build();
        var committed = consumer.Committed(
            Enumerable.Range(0, partitions).Select(p => new TopicPartition(topic, p)), TimeSpan.FromSeconds(10));
        return committed.ToDictionary(c => c.Partition.Value, c => c.Offset.Value);
    }

    public long CommittedTotal(string group, string topic, int partitions = Partitions) => Committed(group, topic, partitions).Values.Where(o => o > 0).Sum();

    public static async Task WaitUntil(Func<bool> condition, TimeSpan timeout, string what)
    {
        var elapsed = Stopwatch.StartNew();
        while (!condition())
        {
            if (elapsed.Elapsed > timeout)
            {
                throw new TimeoutException($"Timed out after {timeout.TotalSeconds} s waiting for: {what}");
            }

            await Task.Delay(100);
        }
    }

    public static string Text(byte[]? bytes) => bytes is null ? "" : Encoding.UTF8.GetString(bytes);

    public static string? Header(ConsumeResult<byte[]?, byte[]?> record, string name) =>
        record.Message.Headers?.TryGetLastBytes(name, out var bytes) == true ? Encoding.UTF8.GetString(bytes) : null;
}
