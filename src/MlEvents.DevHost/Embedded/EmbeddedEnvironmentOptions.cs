using MlEvents.Worker.Configuration;

namespace MlEvents.DevHost.Embedded;

/// <summary>What <see cref="EmbeddedEnvironment"/> starts: mock brokers, the registry's port, the pre-created topics and, optionally, a GMS stand-in.</summary>
public sealed record EmbeddedEnvironmentOptions
{
    /// <summary>Number of librdkafka mock brokers (their ports are chosen by librdkafka).</summary>
    public int BrokerCount { get; init; } = 3;

    /// <summary>Port of the schema registry on 127.0.0.1; 0 = any free port.</summary>
    public int RegistryPort { get; init; }

    /// <summary>Partitions of each created topic.</summary>
    public int Partitions { get; init; } = 4;

    public string EventsTopic { get; init; } = new WorkerOptions().EventsTopic;

    public string McpTopic { get; init; } = new WorkerOptions().McpTopic;

    public string DeadLetterTopic { get; init; } = new WorkerOptions().DeadLetterTopic;

    /// <summary>Port of the DataHub GMS stand-in (<see cref="MlEvents.Embedded.EmbeddedGms"/>) on 127.0.0.1; null = none, 0 = any free port.</summary>
    public int? GmsPort { get; init; }

    /// <summary>With <see cref="GmsPort"/>: the bearer token the stand-in requires on ingest requests (null = no authentication).</summary>
    public string? GmsToken { get; init; }
}
