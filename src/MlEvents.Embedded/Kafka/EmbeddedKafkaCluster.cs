using System.Runtime.InteropServices;
using Confluent.Kafka;

namespace MlEvents.Embedded;

/// <summary>
/// An in-process Kafka cluster: librdkafka's mock brokers, started by one hosting client configured with
/// <c>test.mock.num.brokers</c>. The brokers listen on 127.0.0.1, so any client (also in other processes)
/// can connect through <see cref="BootstrapServers"/>. The cluster lives until this object is disposed.
/// </summary>
/// <remarks>
/// Limits of the mock (see docs/EMBEDDED-AND-DOCKER.md): each partition keeps at most 5 MiB / 100,000 message
/// sets; transactions only pretend; most admin APIs time out; ListConsumerGroups crashes the process.
/// </remarks>
public sealed class EmbeddedKafkaCluster : IDisposable
{
    /// <summary>Broker id meaning "every broker" for the broker fault-injection methods.</summary>
    public const int AllBrokers = -1;

    private readonly IProducer<byte[]?, byte[]?> host;
    private readonly SafeHandle hostNativeHandle;
    private readonly MockClusterNative native;
    private readonly IntPtr mockCluster;
    private readonly Lock gate = new();
    private bool disposed;

    public EmbeddedKafkaCluster(int brokerCount = 3)
        : this(new EmbeddedKafkaClusterOptions { BrokerCount = brokerCount })
    {
    }

    public EmbeddedKafkaCluster(EmbeddedKafkaClusterOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.BrokerCount, 1);

        host = new ProducerBuilder<byte[]?, byte[]?>(HostSettings(options.BrokerCount))
            .SetLogHandler((_, message) => options.Log?.Invoke(message))
            .Build();
        try
        {
            hostNativeHandle = ConfluentKafkaInternals.NativeClientHandle(host.Handle);
            native = MockClusterNative.Instance;
            mockCluster = native.MockClusterOf(hostNativeHandle.DangerousGetHandle());
            if (mockCluster == IntPtr.Zero)
            {
                throw new InvalidOperationException("librdkafka did not start a mock cluster for the hosting client.");
            }
            native.SetInitialRebalanceDelay(mockCluster, ToMilliseconds(options.InitialRebalanceDelay));
            native.SetConsumerGroupHeartbeatInterval(mockCluster, ToMilliseconds(options.ConsumerGroupHeartbeatInterval));
            native.SetConsumerGroupSessionTimeout(mockCluster, ToMilliseconds(options.ConsumerGroupSessionTimeout));
            Brokers = ReadBrokers(options.BrokerCount, options.StartupTimeout);
            BootstrapServers = string.Join(',', Brokers.Select(broker => broker.Address));
        }
        catch
        {
            host.Dispose();
            throw;
        }
    }

    /// <summary>Comma-separated <c>host:port</c> list of all mock brokers.</summary>
    public string BootstrapServers { get; }

    /// <summary>The brokers, ordered by id (ids start at 1).</summary>
    public IReadOnlyList<MockBroker> Brokers { get; }

    /// <summary>
    /// Consumer settings for the fastest reliable rebalances on the mock: the KIP-848 protocol. With the
    /// cluster's default 500 ms group heartbeat a second member gets its share in ~0.5 s and a leaving
    /// member's partitions move in ~0.4 s (numbers in docs/EMBEDDED-AND-DOCKER.md).
    /// Do not combine with <c>session.timeout.ms</c>/<c>heartbeat.interval.ms</c>: librdkafka rejects them
    /// for this protocol.
    /// </summary>
    public static IReadOnlyDictionary<string, string> RecommendedConsumerSettings { get; } =
        new Dictionary<string, string> { ["group.protocol"] = "consumer" };

    /// <summary>
    /// For code that must use the classic group protocol: the mock holds every classic rebalance for
    /// <c>session.timeout.ms − 1 s</c> (44 s with librdkafka's default), so 6 s gives ~5 s rebalances.
    /// </summary>
    public static IReadOnlyDictionary<string, string> ClassicProtocolConsumerSettings { get; } =
        new Dictionary<string, string>
        {
            ["group.protocol"] = "classic",
            ["session.timeout.ms"] = "6000",
            ["heartbeat.interval.ms"] = "500",
        };

    /// <summary>A consumer config for this cluster: recommended settings, earliest offsets, given group.</summary>
    public ConsumerConfig CreateConsumerConfig(string groupId) =>
        new(RecommendedConsumerSettings.ToDictionary())
        {
            BootstrapServers = BootstrapServers,
            GroupId = groupId,
            AutoOffsetReset = AutoOffsetReset.Earliest,
        };

    public ProducerConfig CreateProducerConfig() => new() { BootstrapServers = BootstrapServers };

    /// <summary>
    /// Creates a topic with an exact partition count (auto-created topics get 4 partitions on the mock).
    /// Throws <see cref="KafkaException"/> with <see cref="ErrorCode.TopicAlreadyExists"/> if it exists.
    /// </summary>
    public void CreateTopic(string name, int partitions, int replicationFactor = 1)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentOutOfRangeException.ThrowIfLessThan(partitions, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(replicationFactor, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(replicationFactor, Brokers.Count);
        Invoke($"create topic '{name}'", cluster => native.CreateTopic(cluster, name, partitions, replicationFactor));
    }

    /// <summary>Disconnects the broker and refuses new connections; leadership does not move.</summary>
    public void SetBrokerDown(int brokerId) =>
        Invoke($"set broker {brokerId} down", cluster => native.SetBrokerDown(cluster, brokerId));

    public void SetBrokerUp(int brokerId) =>
        Invoke($"set broker {brokerId} up", cluster => native.SetBrokerUp(cluster, brokerId));

    /// <summary>Delays every response of the broker by <paramref name="rtt"/> (zero removes the delay).</summary>
    public void SetBrokerRtt(int brokerId, TimeSpan rtt) =>
        Invoke($"set broker {brokerId} rtt", cluster => native.SetBrokerRtt(cluster, brokerId, ToMilliseconds(rtt)));

    /// <summary>
    /// Makes the next <c>errors.Length</c> requests of type <paramref name="apiKey"/> (to any broker) fail with
    /// the given errors, in order. <see cref="ErrorCode.Local_Transport"/> makes the broker drop the connection.
    /// </summary>
    public void PushRequestErrors(KafkaApiKey apiKey, params ErrorCode[] errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (errors.Length == 0)
        {
            return;
        }
        Invoke(cluster => native.PushRequestErrors(cluster, (short)apiKey, errors));
    }

    /// <summary>Removes the not yet consumed errors pushed for <paramref name="apiKey"/>.</summary>
    public void ClearRequestErrors(KafkaApiKey apiKey) =>
        Invoke(cluster => native.ClearRequestErrors(cluster, (short)apiKey));

    /// <summary>Moves a partition's leadership; <paramref name="brokerId"/> -1 leaves it leaderless.</summary>
    public void SetPartitionLeader(string topic, int partition, int brokerId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(topic);
        Invoke($"set leader of {topic}[{partition}] to {brokerId}",
            cluster => native.SetPartitionLeader(cluster, topic, partition, brokerId));
    }

    /// <summary>Applies to groups created afterwards.</summary>
    public void SetInitialRebalanceDelay(TimeSpan delay) =>
        Invoke(cluster => native.SetInitialRebalanceDelay(cluster, ToMilliseconds(delay)));

    /// <summary>
    /// KIP-848 (<c>group.protocol=consumer</c>) only: the heartbeat interval the mock hands to members
    /// (its default is 3 s; every assignment change waits for the next heartbeat). Applies to new groups.
    /// </summary>
    public void SetConsumerGroupHeartbeatInterval(TimeSpan interval) =>
        Invoke(cluster => native.SetConsumerGroupHeartbeatInterval(cluster, ToMilliseconds(interval)));

    /// <summary>KIP-848 only: the member session timeout of new groups (mock default 45 s).</summary>
    public void SetConsumerGroupSessionTimeout(TimeSpan timeout) =>
        Invoke(cluster => native.SetConsumerGroupSessionTimeout(cluster, ToMilliseconds(timeout)));

    public void Dispose()
    {
        lock (gate)
        {
            if (disposed)
            {
                return;
            }
            disposed = true;
        }
        host.Dispose();
    }

    private static Dictionary<string, string> HostSettings(int brokerCount) => new()
    {
        ["bootstrap.servers"] = "",
        ["test.mock.num.brokers"] = brokerCount.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    private List<MockBroker> ReadBrokers(int expectedCount, TimeSpan timeout)
    {
        using var admin = new DependentAdminClientBuilder(host.Handle).Build();
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var brokers = admin.GetMetadata(timeout).Brokers
                .Select(broker => new MockBroker(broker.BrokerId, broker.Host, broker.Port))
                .OrderBy(broker => broker.Id)
                .ToList();
            if (brokers.Count == expectedCount)
            {
                return brokers;
            }
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException(
                    $"Mock cluster metadata lists {brokers.Count} brokers, expected {expectedCount}.");
            }
            Thread.Sleep(50);
        }
    }

    private void Invoke(Action<IntPtr> operation) => Invoke("mock cluster operation", cluster =>
    {
        operation(cluster);
        return ErrorCode.NoError;
    });

    private void Invoke(string description, Func<IntPtr, ErrorCode> operation)
    {
        ErrorCode result;
        lock (gate)
        {
            ObjectDisposedException.ThrowIf(disposed, this);
            result = operation(mockCluster);
        }
        if (result != ErrorCode.NoError)
        {
            throw new KafkaException(new Error(result, $"Mock cluster: {description} failed: {new Error(result).Reason}"));
        }
    }

    private static int ToMilliseconds(TimeSpan value)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(value, TimeSpan.Zero);
        return checked((int)value.TotalMilliseconds);
    }
}
