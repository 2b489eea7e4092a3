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

    /// <summary>
    /// KIP-848 groups (<c>group.protocol=consumer</c>): the heartbeat interval the mock hands to members.
    /// Every assignment change waits for the next heartbeat, so librdkafka's mock default of 3 s makes each
    /// rebalance take ~3 s; 500 ms makes it ~0.5 s.
    /// </summary>
    public TimeSpan ConsumerGroupHeartbeatInterval { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>
    /// KIP-848 groups: how long the mock keeps a silent member (mock default 45 s); bounds how long a crashed
    /// consumer's partitions stay unassigned.
    /// </summary>
    public TimeSpan ConsumerGroupSessionTimeout { get; init; } = TimeSpan.FromSeconds(6);

    /// <summary>Receives the log lines of the client hosting the brokers; null drops them.</summary>
    public Action<LogMessage>? Log { get; init; }

    public TimeSpan StartupTimeout { get; init; } = TimeSpan.FromSeconds(10);
}
