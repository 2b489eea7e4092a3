using Confluent.Kafka;
using MlEvents.Contracts;
using MlEvents.Conversion;
using MlEvents.Embedded;
using Confluent.SchemaRegistry;
using Confluent.SchemaRegistry.Serdes;
using MlEvents.DevHost.Embedded;

namespace MlEvents.Reliability;

/// <summary>
/// A mock Kafka cluster and a schema registry in the test process, topics of one test, a publisher of Avro events and
/// the accounting of what arrived on the MCP topic. Worker processes connect to both over 127.0.0.1.
/// </summary>
public sealed class StreamEnvironment : IAsyncDisposable
{
    public const int EventPartitions = 4;

    // The mock keeps at most 5 MiB per partition: enough partitions that MCPs plus duplicates never fall out.
    public const int McpPartitions = 32;

    private StreamEnvironment(EmbeddedKafkaCluster cluster, EmbeddedSchemaRegistry registry, string name, int mcpPartitions)
    {
        Cluster = cluster;
        Registry = registry;
        EventsTopic = $"{name}.events";
        McpTopic = $"{name}.mcp";
        DeadLetterTopic = $"{name}.dlq";
        GroupId = $"{name}.worker";
        Client = new CachedSchemaRegistryClient(new SchemaRegistryConfig { Url = registry.Url });
        cluster.CreateTopic(EventsTopic, EventPartitions);
        cluster.CreateTopic(McpTopic, mcpPartitions);
        cluster.CreateTopic(DeadLetterTopic, EventPartitions);
    }

    public EmbeddedKafkaCluster Cluster { get; }

    public EmbeddedSchemaRegistry Registry { get; }

    public ISchemaRegistryClient Client { get; }

    public string EventsTopic { get; }

    public string McpTopic { get; }

    public string DeadLetterTopic { get; }

    public string GroupId { get; }

    /// <param name="mcpPartitions">Partitions of the MCP topic: long runs need more (the mock keeps 5 MiB per partition).</param>
    public static async Task<StreamEnvironment> StartAsync(string name, int mcpPartitions = McpPartitions)
    {
        var cluster = new EmbeddedKafkaCluster(new EmbeddedKafkaClusterOptions
        {
            BrokerCount = 1,
            // A SIGKILLed member keeps its partitions until its session expires: keep that short so restarts resume soon.
            ConsumerGroupSessionTimeout = TimeSpan.FromSeconds(2),
            ConsumerGroupHeartbeatInterval = TimeSpan.FromMilliseconds(300),
        });
        try
        {
            var registry = await EmbeddedSchemaRegistry.StartNewAsync();
            return new StreamEnvironment(cluster, registry, $"{name}-{Guid.NewGuid():N}"[..(name.Length + 9)], mcpPartitions);
        }
        catch
        {
            cluster.Dispose();
            throw;
        }
    }

    /// <summary>Settings of a worker process for this environment (KIP-848 group protocol: fast rebalances on the mock).</summary>
    public Dictionary<string, string> WorkerSettings(IReadOnlyDictionary<string, string>? overrides = null)
    {
        var settings = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["Kafka:BootstrapServers"] = Cluster.BootstrapServers,
            ["Kafka:Consumer:group.protocol"] = "consumer",
            ["SchemaRegistry:Url"] = Registry.Url,
            ["SchemaRegistry:MaxRetries"] = "1",
            ["SchemaRegistry:RetriesWaitMs"] = "100",
            ["SchemaRegistry:RequestTimeoutMs"] = "2000",
            ["Worker:EventsTopic"] = EventsTopic,
            ["Worker:McpTopic"] = McpTopic,
            ["Worker:DeadLetterTopic"] = DeadLetterTopic,
            ["Worker:GroupId"] = GroupId,
            ["Worker:StartupCheckTimeout"] = "00:00:05",
            ["Worker:RetryInitialDelay"] = "00:00:00.100",
            ["Worker:RetryMaxDelay"] = "00:00:01",
            ["Metrics:Enabled"] = "false", // no HTTP port to clash with other processes on this machine
            ["Logging:LogLevel:Default"] = "Warning",
            ["Logging:LogLevel:MlEvents"] = "Information",
        };
        foreach (var (key, value) in overrides ?? new Dictionary<string, string>())
        {
            settings[key] = value;
        }

        return settings;
    }

    public async Task PublishAsync(IEnumerable<MlEvent> events)
    {
        using var publisher = new EventPublisher(Cluster.BootstrapServers, Client);
        await publisher.PublishAsync(EventsTopic, events);
    }

    /// <summary>Publishes <paramref name="events"/> in batches of <paramref name="batch"/> every <paramref name="interval"/>: a stream, not a backlog.</summary>
    public async Task StreamAsync(IReadOnlyList<MlEvent> events, int batch, TimeSpan interval, CancellationToken cancellationToken = default)
    {
        using var publisher = new EventPublisher(Cluster.BootstrapServers, Client);
        for (var i = 0; i < events.Count; i += batch)
        {
            await publisher.PublishAsync(EventsTopic, events.Skip(i).Take(batch), cancellationToken);
            await Task.Delay(interval, cancellationToken);
        }
    }

    /// <summary>
    /// Publishes events from <paramref name="source"/> in batches of <paramref name="batch"/> every <paramref name="interval"/>
    /// until <paramref name="stop"/> is cancelled (a batch in progress completes) or the source ends; returns what was published.
    /// </summary>
    public async Task<IReadOnlyList<MlEvent>> StreamUntilAsync(IEnumerable<MlEvent> source, int batch, TimeSpan interval, CancellationToken stop)
    {
        using var publisher = new EventPublisher(Cluster.BootstrapServers, Client);
        var published = new List<MlEvent>();
        using var events = source.GetEnumerator();
        while (!stop.IsCancellationRequested)
        {
            var next = new List<MlEvent>(batch);
            while (next.Count < batch && events.MoveNext())
            {
                next.Add(events.Current);
            }

            if (next.Count == 0)
            {
                break;
            }

            await publisher.PublishAsync(EventsTopic, next);
            published.AddRange(next);
            try
            {
                await Task.Delay(interval, stop);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }

        return published;
    }

    /// <summary>Records in the topic now (sum over partitions of high − low watermark).</summary>
    public long Count(string topic) => McpTopicReader.Count(Cluster.BootstrapServers, topic);

    /// <summary>How many events the group has committed (sum of committed offsets of the events topic).</summary>
    public long Committed()
    {
        using var consumer = new ConsumerBuilder<Ignore, Ignore>(new ConsumerConfig { BootstrapServers = Cluster.BootstrapServers, GroupId = GroupId })
            .SetLogHandler((_, _) => { }).Build();
        return consumer.Committed(Enumerable.Range(0, EventPartitions).Select(p => new TopicPartition(EventsTopic, p)), TimeSpan.FromSeconds(10))
            .Sum(c => Math.Max(0, c.Offset.Value));
    }

    /// <summary>Reads the whole MCP topic and compares it with the MCPs <paramref name="events"/> convert to.</summary>
    public async Task<DeliveryAccount> AccountAsync(IEnumerable<MlEvent> events)
    {
        var count = (int)Count(McpTopic);
        var received = await McpTopicReader.ReadAsync(Cluster.BootstrapServers, Client, McpTopic, count, TimeSpan.FromSeconds(Math.Max(60, count / 1000)));
        return DeliveryAccount.Of(new EventConverter(new ConversionOptions()), events, received.Select(r => r.Mcp));
    }

    /// <summary>Every record of a topic with <see cref="EventPartitions"/> partitions (the dead-letter topic), raw.</summary>
    public List<ConsumeResult<byte[]?, byte[]?>> ReadAll(string topic)
    {
        var expected = Count(topic);
        using var consumer = new ConsumerBuilder<byte[]?, byte[]?>(new ConsumerConfig { BootstrapServers = Cluster.BootstrapServers, GroupId = "reader" })
            .SetLogHandler((_, _) => { }).Build();
        consumer.Assign(Enumerable.Range(0, EventPartitions).Select(p => new TopicPartitionOffset(topic, p, Offset.Beginning)));
        var records = new List<ConsumeResult<byte[]?, byte[]?>>();
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (records.Count < expected && DateTime.UtcNow < deadline)
        {
            if (consumer.Consume(TimeSpan.FromMilliseconds(100)) is { IsPartitionEOF: false } record)
            {
                records.Add(record);
            }
        }

        return records;
    }

    public static string? Header(ConsumeResult<byte[]?, byte[]?> record, string name) =>
        record.Message.Headers?.TryGetLastBytes(name, out var bytes) == true ? System.Text.Encoding.UTF8.GetString(bytes) : null;

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Registry.DisposeAsync();
        Cluster.Dispose();
    }
}
