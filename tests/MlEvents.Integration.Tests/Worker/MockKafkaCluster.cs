using Confluent.Kafka;

namespace MlEvents.Integration.Tests.Worker;

// replaced by EmbeddedKafkaCluster when merged
/// <summary>librdkafka's in-process mock cluster (3 brokers) for the worker tests; lives as long as this object.</summary>
public sealed class MockKafkaCluster : IDisposable
{
    private readonly IProducer<Null, Null> _host;

    public MockKafkaCluster()
    {
        var config = new ProducerConfig();
        config.Set("test.mock.num.brokers", "3");
        _host = new ProducerBuilder<Null, Null>(config)
            .SetLogHandler((_, _) => { })
            .Build();
        using var admin = new DependentAdminClientBuilder(_host.Handle).Build();
        var metadata = admin.GetMetadata(TimeSpan.FromSeconds(10));
        BootstrapServers = string.Join(",", metadata.Brokers.Select(b => $"{b.Host}:{b.Port}"));
    }

    public string BootstrapServers { get; }

    /// <summary>Creates topics (4 partitions) the way the mock allows: a producer's metadata request auto-creates them.</summary>
    public void CreateTopics(params string[] topics)
    {
        using var admin = new DependentAdminClientBuilder(_host.Handle).Build();
        foreach (var topic in topics)
        {
            var metadata = admin.GetMetadata(topic, TimeSpan.FromSeconds(10));
            if (metadata.Topics.Single().Partitions.Count == 0)
            {
                throw new InvalidOperationException($"mock topic {topic} was not created: {metadata.Topics.Single().Error}");
            }
        }
    }

    public void Dispose() => _host.Dispose();
}
