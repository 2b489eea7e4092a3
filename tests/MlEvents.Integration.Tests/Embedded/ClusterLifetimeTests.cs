using System.Diagnostics;
using System.Net.Sockets;
using Confluent.Kafka;
using MlEvents.Embedded;

namespace MlEvents.Integration.Tests.Embedded;

public sealed class ClusterLifetimeTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    [Fact]
    public void The_broker_count_is_configurable()
    {
        using var cluster = new EmbeddedKafkaCluster(brokerCount: 1);
        using var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = cluster.BootstrapServers }).Build();

        var broker = Assert.Single(admin.GetMetadata(Timeout).Brokers);

        Assert.Equal($"{broker.Host}:{broker.Port}", cluster.BootstrapServers);
    }

    [Fact]
    public void Brokers_stop_listening_when_the_cluster_is_disposed()
    {
        var cluster = new EmbeddedKafkaCluster();
        var broker = cluster.Brokers[0];
        Assert.True(CanConnect(broker));

        cluster.Dispose();

        Assert.False(CanConnect(broker));
        Assert.Throws<ObjectDisposedException>(() => cluster.CreateTopic("after-dispose", 1));
        cluster.Dispose();
    }

    [Fact]
    public void Two_clusters_in_one_process_are_independent()
    {
        using var first = new EmbeddedKafkaCluster(brokerCount: 1);
        using var second = new EmbeddedKafkaCluster(brokerCount: 1);
        first.CreateTopic("only-in-first", 7);

        using var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = second.BootstrapServers }).Build();
        second.CreateTopic("only-in-first", 2);
        var partitions = admin.GetMetadata("only-in-first", Timeout).Topics.Single().Partitions;

        Assert.NotEqual(first.BootstrapServers, second.BootstrapServers);
        Assert.Equal(2, partitions.Count);
    }

    [Fact]
    public void A_new_group_is_assigned_fast_by_default_and_waits_after_SetInitialRebalanceDelay()
    {
        using var cluster = new EmbeddedKafkaCluster(brokerCount: 1);
        cluster.CreateTopic("first-join", 2);

        var fast = TimeFirstAssignment(cluster, "group-fast");
        cluster.SetInitialRebalanceDelay(TimeSpan.FromSeconds(3));
        var delayed = TimeFirstAssignment(cluster, "group-delayed");

        Assert.True(fast < TimeSpan.FromSeconds(2), $"first join took {fast}");
        Assert.True(delayed >= TimeSpan.FromSeconds(2.5), $"first join after a 3 s delay took only {delayed}");
    }

    // The initial rebalance delay belongs to the classic protocol's JoinGroup handling.
    private static TimeSpan TimeFirstAssignment(EmbeddedKafkaCluster cluster, string groupId)
    {
        var config = new ConsumerConfig(EmbeddedKafkaCluster.ClassicProtocolConsumerSettings.ToDictionary())
        {
            BootstrapServers = cluster.BootstrapServers,
            GroupId = groupId,
        };
        using var consumer = new ConsumerBuilder<Ignore, Ignore>(config).Build();
        var stopwatch = Stopwatch.StartNew();
        consumer.Subscribe("first-join");
        while (consumer.Assignment.Count == 0 && stopwatch.Elapsed < Timeout)
        {
            consumer.Consume(TimeSpan.FromMilliseconds(20));
        }
        var elapsed = stopwatch.Elapsed;
        consumer.Close();
        return elapsed;
    }

    private static bool CanConnect(MockBroker broker)
    {
        using var client = new TcpClient();
        try
        {
            client.Connect(broker.Host, broker.Port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
