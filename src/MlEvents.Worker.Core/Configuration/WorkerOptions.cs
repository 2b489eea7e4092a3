namespace MlEvents.Worker.Configuration;

/// <summary>Section <c>Worker</c>: topics, group and the pipeline's timing and back-pressure bounds.</summary>
public sealed class WorkerOptions
{
    public const string SectionName = "Worker";

    public string EventsTopic { get; set; } = "mlevents.events";

    public string McpTopic { get; set; } = "MetadataChangeProposal_v1";

    public string DeadLetterTopic { get; set; } = "mlevents.events.dlq";

    public string GroupId { get; set; } = "mlevents-worker";

    /// <summary>Upper bound for flushing the producer and committing at shutdown. Keep it below the host's shutdown timeout.</summary>
    public TimeSpan ShutdownTimeout { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>Upper bound for draining in-flight work of revoked partitions during a rebalance.</summary>
    public TimeSpan RevokeDrainTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>First retry delay after a transient failure (translation or delivery).</summary>
    public TimeSpan RetryInitialDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Cap on the exponential retry delay.</summary>
    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromSeconds(30);

    public double RetryBackoffMultiplier { get; set; } = 2.0;

    /// <summary>
    /// Back-pressure: a partition is paused while this many of its events are consumed but not yet fully acknowledged
    /// (resumed below half). Each resume costs librdkafka a re-fetch, so small windows throttle throughput.
    /// Must not exceed <see cref="MaxInFlightEvents"/> (it would never apply); half of it by default, so one busy
    /// partition cannot take the whole global budget.
    /// </summary>
    public int MaxInFlightPerPartition { get; set; } = 1_250;

    /// <summary>
    /// Back-pressure across all partitions: every partition is paused while this many events are consumed but not yet
    /// fully acknowledged (resumed below half). Bounds memory whatever the partition count.
    /// </summary>
    public int MaxInFlightEvents { get; set; } = 2_500;

    /// <summary>
    /// Back-pressure across all partitions by size: every partition is paused while the in-flight events' input bytes
    /// plus the bytes of the records made of them reach this many bytes (resumed below half). Checked when records are
    /// consumed: the output of events already consumed can add to it after the pause.
    /// </summary>
    public long MaxInFlightBytes { get; set; } = 16L * 1024 * 1024;

    /// <summary>Run the start-up checks (brokers reachable, topics exist) before consuming.</summary>
    public bool StartupCheckEnabled { get; set; } = true;

    /// <summary>Timeout of each start-up metadata request.</summary>
    public TimeSpan StartupCheckTimeout { get; set; } = TimeSpan.FromSeconds(10);
}
