using MlEvents.Embedded;

namespace MlEvents.Integration.Tests.EndToEnd;

/// <summary>One embedded Kafka cluster and one embedded schema registry (Confluent mode) shared by the end-to-end tests.</summary>
public sealed class EndToEndFixture : IAsyncLifetime
{
    public EmbeddedKafkaCluster Cluster { get; } = new();

    public EmbeddedSchemaRegistry Registry { get; private set; } = null!;

    public string BootstrapServers => Cluster.BootstrapServers;

    public async Task InitializeAsync() => Registry = await EmbeddedSchemaRegistry.StartNewAsync();

    /// <summary>Unique topics (created, 4 partitions each) and group for one test.</summary>
    public PipelineTopics NewTopics()
    {
        var topics = PipelineTopics.Unique();
        foreach (var topic in new[] { topics.Events, topics.Mcp, topics.DeadLetter })
        {
            Cluster.CreateTopic(topic, PipelineTopics.Partitions);
        }

        return topics;
    }

    public async Task DisposeAsync()
    {
        await Registry.DisposeAsync();
        Cluster.Dispose();
    }
}

[CollectionDefinition(Name)]
public sealed class EndToEndCollection : ICollectionFixture<EndToEndFixture>
{
    public const string Name = "End to end (embedded Kafka + registry)";
}

/// <summary>Topic and group names of one test.</summary>
public sealed record PipelineTopics(string Events, string Mcp, string DeadLetter, string Group)
{
    public const int Partitions = 4;

    public static PipelineTopics Unique()
    {
        var id = Guid.NewGuid().ToString("N")[..12];
        return new($"events-{id}", $"mcp-{id}", $"dlq-{id}", $"group-{id}");
    }
}
