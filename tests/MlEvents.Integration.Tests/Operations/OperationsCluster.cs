using MlEvents.Embedded;
using MlEvents.Integration.Tests.Worker;

namespace MlEvents.Integration.Tests.Operations;

/// <summary>An embedded Kafka cluster and schema registry for one test class.</summary>
public sealed class OperationsCluster : IAsyncLifetime
{
    public EmbeddedKafkaCluster Kafka { get; } = new();

    public EmbeddedSchemaRegistry Registry { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Registry = await EmbeddedSchemaRegistry.StartNewAsync();
        Registry.Register(OperationsTranslator.Subject, """{"type":"string"}""");
    }

    /// <summary>Unique input, MCP and dead-letter topics (4 partitions each) and group.</summary>
    public WorkerTopics CreateTopics()
    {
        var topics = WorkerTopics.Unique();
        foreach (var topic in new[] { topics.Events, topics.Mcp, topics.DeadLetter })
        {
            Kafka.CreateTopic(topic, KafkaTestKit.Partitions);
        }

        return topics;
    }

    public async Task DisposeAsync()
    {
        await Registry.DisposeAsync();
        Kafka.Dispose();
    }
}
