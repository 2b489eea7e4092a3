using MlEvents.Embedded;

namespace MlEvents.Integration.Tests.Worker;

/// <summary>
/// A private <see cref="EmbeddedKafkaCluster"/> (3 mock brokers) per worker test class: the delivery-failure tests take
/// every broker down, which must not disturb tests sharing a cluster. Lives as long as this object.
/// </summary>
public sealed class MockKafkaCluster : IDisposable
{
    public EmbeddedKafkaCluster Cluster { get; } = new();

    public string BootstrapServers => Cluster.BootstrapServers;

    /// <summary>Creates the topics with <see cref="KafkaTestKit.Partitions"/> partitions each.</summary>
    public void CreateTopics(params string[] topics)
    {
        foreach (var topic in topics)
        {
            Cluster.CreateTopic(topic, KafkaTestKit.Partitions);
        }
    }

    /// <summary>Takes every broker down (connections dropped and refused) or brings them back.</summary>
    public void SetAllBrokersDown(bool down)
    {
        if (down)
        {
            Cluster.SetBrokerDown(EmbeddedKafkaCluster.AllBrokers);
        }
        else
        {
            Cluster.SetBrokerUp(EmbeddedKafkaCluster.AllBrokers);
        }
    }

    public void Dispose() => Cluster.Dispose();
}
