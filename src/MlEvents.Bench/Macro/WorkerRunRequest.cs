namespace MlEvents.Bench.Macro;

/// <summary>Where the measured worker (or passthrough) reads and writes, and how much it must acknowledge before the run ends.</summary>
public sealed record WorkerRunRequest
{
    public required string Name { get; init; }
    public required string BootstrapServers { get; init; }
    public required string SchemaRegistryUrl { get; init; }
    public required string EventsTopic { get; init; }
    public required string McpTopic { get; init; }
    public required string DeadLetterTopic { get; init; }
    public required string GroupId { get; init; }
    public required long ExpectedEvents { get; init; }
    public required long ExpectedMcps { get; init; }

    /// <summary>Extra configuration (e.g. <c>Worker:MaxInFlightPerPartition</c>), applied last.</summary>
    public IReadOnlyDictionary<string, string> Settings { get; init; } = new Dictionary<string, string>();

    public TimeSpan Timeout { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>The worker's configuration for this run, as the real worker would read it from appsettings/environment.</summary>
    public Dictionary<string, string?> Configuration()
    {
        var configuration = new Dictionary<string, string?>
        {
            ["Kafka:BootstrapServers"] = BootstrapServers,
            // The mock holds classic rebalances for session.timeout.ms - 1 s; the embedded environment uses KIP-848 too.
            ["Kafka:Consumer:group.protocol"] = "consumer",
            ["SchemaRegistry:Url"] = SchemaRegistryUrl,
            ["Worker:EventsTopic"] = EventsTopic,
            ["Worker:McpTopic"] = McpTopic,
            ["Worker:DeadLetterTopic"] = DeadLetterTopic,
            ["Worker:GroupId"] = GroupId,
            ["Metrics:Port"] = "0",
        };
        foreach (var (key, value) in Settings)
        {
            configuration[key] = value;
        }

        return configuration;
    }
}
