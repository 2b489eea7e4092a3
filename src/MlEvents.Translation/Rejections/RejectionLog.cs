using Microsoft.Extensions.Logging;

namespace MlEvents.Worker.Rejections;

internal static partial class RejectionLog
{
    [LoggerMessage(EventId = 300, Level = LogLevel.Error, Message = "DataHub rejected an MCP of event {EventId} ({EventType}): {EntityUrn} aspect {AspectName} ({ChangeType}), error: {Error} [{Topic}[{Partition}]@{Offset}]")]
    public static partial void Rejected(ILogger logger, string eventId, string eventType, string entityUrn, string aspectName, string changeType, string error, string topic, int partition, long offset);

    [LoggerMessage(EventId = 301, Level = LogLevel.Debug, Message = "Failed MCP of another producer ignored: {EntityUrn} aspect {AspectName} [{Topic}[{Partition}]@{Offset}]")]
    public static partial void OtherProducer(ILogger logger, string entityUrn, string aspectName, string topic, int partition, long offset);

    [LoggerMessage(EventId = 302, Level = LogLevel.Warning, Message = "Failed-MCP topic {Topic} does not exist on the cluster: rejected MCPs are not monitored until DataHub creates it (GMS setting FAILED_METADATA_CHANGE_PROPOSAL_TOPIC_NAME must match Rejections:Topic)")]
    public static partial void TopicMissing(ILogger logger, string topic);

    [LoggerMessage(EventId = 303, Level = LogLevel.Warning, Message = "Unreadable record on the failed-MCP topic {Topic}[{Partition}]@{Offset} skipped: {Reason}")]
    public static partial void Unreadable(ILogger logger, string topic, int partition, long offset, string reason);

    [LoggerMessage(EventId = 304, Level = LogLevel.Information, Message = "Monitoring DataHub's rejected MCPs on {Topic} as group {GroupId}")]
    public static partial void Starting(ILogger logger, string topic, string groupId);

    [LoggerMessage(EventId = 305, Level = LogLevel.Warning, Message = "Failed-MCP consumer error on {Topic}: {ErrorCode} {Reason}")]
    public static partial void ConsumerError(ILogger logger, string topic, string errorCode, string reason);

    [LoggerMessage(EventId = 306, Level = LogLevel.Warning, Message = "Schema registry unavailable while reading {Topic}[{Partition}]@{Offset}; retrying in {Delay}: {Reason}")]
    public static partial void RegistryUnavailable(ILogger logger, string topic, int partition, long offset, TimeSpan delay, string reason);

    [LoggerMessage(EventId = 307, Level = LogLevel.Information, Message = "Rejected-MCP monitoring is off (Rejections:Enabled = false)")]
    public static partial void Disabled(ILogger logger);
}
