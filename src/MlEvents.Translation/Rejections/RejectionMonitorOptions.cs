namespace MlEvents.Worker.Rejections;

/// <summary>
/// Section <c>Rejections</c>: reading DataHub's failed-MCP topic to make the MCPs GMS refused visible (log line, counter
/// <c>mlevents_datahub_rejected_mcps_total</c>). docs/OPERATIONS.md says what to do when they appear.
/// </summary>
public sealed class RejectionMonitorOptions
{
    public const string SectionName = "Rejections";

    /// <summary>DataHub's default topic name (GMS setting <c>FAILED_METADATA_CHANGE_PROPOSAL_TOPIC_NAME</c>).</summary>
    public const string DefaultTopic = "FailedMetadataChangeProposal_v1";

    /// <summary>Read the topic (default on). Off: rejected MCPs are only in GMS's logs and the topic itself.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>The failed-MCP topic GMS writes to; the same value as GMS's FAILED_METADATA_CHANGE_PROPOSAL_TOPIC_NAME.</summary>
    public string Topic { get; set; } = DefaultTopic;

    /// <summary>Consumer group of the monitor: replicas of one worker share it, so each rejection is reported once.</summary>
    public string GroupId { get; set; } = "mlevents-worker-rejections";

    /// <summary>Where a group without committed offsets starts: <c>Latest</c> (default: only new rejections) or <c>Earliest</c>.</summary>
    public RejectionStartFrom StartFrom { get; set; } = RejectionStartFrom.Latest;

    /// <summary>Longest error text written to the log line (DataHub's error can be a whole stack trace).</summary>
    public int MaxErrorLength { get; set; } = 300;

    /// <summary>Pause before reading a record again after the schema registry failed to answer.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(2);
}

/// <summary>Start position of a new monitor group (librdkafka <c>auto.offset.reset</c>).</summary>
public enum RejectionStartFrom
{
    Latest,
    Earliest,
}
