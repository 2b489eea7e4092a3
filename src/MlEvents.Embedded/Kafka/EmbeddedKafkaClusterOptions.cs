using Confluent.Kafka;

namespace MlEvents.Embedded;

public sealed record EmbeddedKafkaClusterOptions
{
    public int BrokerCount { get; init; } = 3;

    /// <summary>
    /// How long the mock waits before completing the first join of an empty group
    /// (librdkafka's default is 3 s; zero makes first joins immediate).
    /// </summary>
    public TimeSpan InitialRebalanceDelay { get; init; } = TimeSpan.Zero;

    /// <summary>Receives the log lines of the client hosting the brokers; null drops them.</summary>
    public Action<LogMessage>? Log { get; init; }

    public TimeSpan StartupTimeout { get; init; } = TimeSpan.FromSeconds(10);
}
