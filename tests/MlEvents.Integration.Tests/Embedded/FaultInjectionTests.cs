using System.Diagnostics;
using Confluent.Kafka;
using MlEvents.Embedded;

namespace MlEvents.Integration.Tests.Embedded;

/// <summary>Fault injection disturbs every client of a cluster, so each test starts its own.</summary>
public sealed class FaultInjectionTests : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);
    private readonly EmbeddedKafkaCluster cluster = new();

    public void Dispose() => cluster.Dispose();

    [Fact]
    public async Task Produce_times_out_while_all_brokers_are_down_and_succeeds_after_they_are_up()
    {
        cluster.CreateTopic("down-up", 1);
        using var producer = ShortTimeoutProducer();
        await producer.ProduceAsync("down-up", new Message<Null, string> { Value = "warm-up" });

        cluster.SetBrokerDown(EmbeddedKafkaCluster.AllBrokers);
        var failure = await Assert.ThrowsAsync<ProduceException<Null, string>>(
            () => producer.ProduceAsync("down-up", new Message<Null, string> { Value = "lost" }));
        cluster.SetBrokerUp(EmbeddedKafkaCluster.AllBrokers);
        var delivered = await ProduceOnceReconnectedAsync(producer, "down-up", "after");

        Assert.Equal(ErrorCode.Local_MsgTimedOut, failure.Error.Code);
        Assert.Equal(PersistenceStatus.Persisted, delivered.Status);
    }

    [Fact]
    public async Task Taking_down_only_the_partition_leader_stops_delivery_to_that_partition()
    {
        cluster.CreateTopic("leader-down", 1);
        cluster.SetPartitionLeader("leader-down", 0, brokerId: 2);
        using var producer = ShortTimeoutProducer();

        cluster.SetBrokerDown(2);
        var failure = await Assert.ThrowsAsync<ProduceException<Null, string>>(
            () => producer.ProduceAsync("leader-down", new Message<Null, string> { Value = "lost" }));
        cluster.SetPartitionLeader("leader-down", 0, brokerId: 3);
        var delivered = await ProduceOnceReconnectedAsync(producer, "leader-down", "moved");

        Assert.Equal(ErrorCode.Local_MsgTimedOut, failure.Error.Code);
        Assert.Equal(PersistenceStatus.Persisted, delivered.Status);
    }

    [Fact]
    public void Partition_leadership_moves_as_metadata_reports_it()
    {
        cluster.CreateTopic("leaders", 2);
        using var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = cluster.BootstrapServers }).Build();

        cluster.SetPartitionLeader("leaders", 0, brokerId: 3);
        cluster.SetPartitionLeader("leaders", 1, brokerId: 1);
        var partitions = admin.GetMetadata("leaders", Timeout).Topics.Single().Partitions.OrderBy(p => p.PartitionId);

        Assert.Equal([3, 1], partitions.Select(p => p.Leader));
    }

    [Fact]
    public async Task Pushed_request_errors_fail_the_next_requests_in_order_then_stop()
    {
        cluster.CreateTopic("errors", 1);
        using var producer = new ProducerBuilder<Null, string>(
            new ProducerConfig(cluster.CreateProducerConfig()) { MessageTimeoutMs = 5000 }).Build();
        await producer.ProduceAsync("errors", new Message<Null, string> { Value = "warm-up" });

        cluster.PushRequestErrors(KafkaApiKey.Produce, ErrorCode.InvalidRecord, ErrorCode.PolicyViolation);
        var first = await Assert.ThrowsAsync<ProduceException<Null, string>>(
            () => producer.ProduceAsync("errors", new Message<Null, string> { Value = "a" }));
        var second = await Assert.ThrowsAsync<ProduceException<Null, string>>(
            () => producer.ProduceAsync("errors", new Message<Null, string> { Value = "b" }));
        var third = await producer.ProduceAsync("errors", new Message<Null, string> { Value = "c" });

        Assert.Equal(ErrorCode.InvalidRecord, first.Error.Code);
        Assert.Equal(ErrorCode.PolicyViolation, second.Error.Code);
        Assert.Equal(PersistenceStatus.Persisted, third.Status);
    }

    [Fact]
    public async Task Cleared_request_errors_are_not_returned()
    {
        cluster.CreateTopic("cleared", 1);
        using var producer = ShortTimeoutProducer();

        cluster.PushRequestErrors(KafkaApiKey.Produce, ErrorCode.TopicAuthorizationFailed);
        cluster.ClearRequestErrors(KafkaApiKey.Produce);
        var delivered = await producer.ProduceAsync("cleared", new Message<Null, string> { Value = "ok" });

        Assert.Equal(PersistenceStatus.Persisted, delivered.Status);
    }

    [Fact]
    public async Task Broker_round_trip_time_delays_acknowledgements()
    {
        cluster.CreateTopic("rtt", 1);
        using var producer = new ProducerBuilder<Null, string>(cluster.CreateProducerConfig()).Build();
        await producer.ProduceAsync("rtt", new Message<Null, string> { Value = "warm-up" });

        cluster.SetBrokerRtt(EmbeddedKafkaCluster.AllBrokers, TimeSpan.FromMilliseconds(600));
        var slow = await TimeProduce(producer, "rtt");
        cluster.SetBrokerRtt(EmbeddedKafkaCluster.AllBrokers, TimeSpan.Zero);
        // The fastest of three: one produce can stall for a scheduling hiccup on a loaded machine.
        var fast = TimeSpan.MaxValue;
        for (var attempt = 0; attempt < 3; attempt++)
        {
            var elapsed = await TimeProduce(producer, "rtt");
            fast = elapsed < fast ? elapsed : fast;
        }

        Assert.True(slow >= TimeSpan.FromMilliseconds(550) && slow <= Timeout, $"with a 600 ms round trip the acknowledgement took {slow}");
        Assert.True(fast < slow, $"{fast} after removing the delay is not faster than {slow}");
    }

    [Fact]
    public void Unknown_broker_ids_are_rejected()
    {
        var error = Assert.Throws<KafkaException>(() => cluster.SetBrokerDown(42));

        Assert.NotEqual(ErrorCode.NoError, error.Error.Code);
    }

    private IProducer<Null, string> ShortTimeoutProducer() => new ProducerBuilder<Null, string>(
        new ProducerConfig(cluster.CreateProducerConfig()) { MessageTimeoutMs = 1500 }).Build();

    /// <summary>
    /// The same producer must recover, but its reconnect backoff can outlast one short message timeout on a loaded
    /// machine: keep producing until one is delivered, failing only if none is within 30 s.
    /// </summary>
    private static async Task<DeliveryResult<Null, string>> ProduceOnceReconnectedAsync(IProducer<Null, string> producer, string topic, string value)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                return await producer.ProduceAsync(topic, new Message<Null, string> { Value = value });
            }
            catch (ProduceException<Null, string> error) when (error.Error.Code == ErrorCode.Local_MsgTimedOut && deadline.Elapsed < TimeSpan.FromSeconds(30))
            {
            }
        }
    }

    private static async Task<TimeSpan> TimeProduce(IProducer<Null, string> producer, string topic)
    {
        var stopwatch = Stopwatch.StartNew();
        await producer.ProduceAsync(topic, new Message<Null, string> { Value = "timed" });
        return stopwatch.Elapsed;
    }
}
