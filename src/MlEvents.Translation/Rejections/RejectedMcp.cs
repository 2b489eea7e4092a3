using Confluent.Kafka;
using MlEvents.Conversion;
using MlEvents.DataHub.Serialization;

namespace MlEvents.Worker.Rejections;

/// <summary>One record of the failed-MCP topic: where it is, when GMS wrote it, and what it says.</summary>
public sealed record RejectedMcp(TopicPartitionOffset Position, DateTimeOffset Timestamp, FailedMcp Failure)
{
    /// <summary>Label value for a missing entity type or aspect name.</summary>
    public const string Unknown = "unknown";

    /// <summary>Made by MlEvents: the producer marker every converted MCP carries in systemMetadata.properties.</summary>
    public bool IsOurs => IsProducedByMlEvents(Failure);

    /// <summary>Id of the event the MCP was made of, when it is ours.</summary>
    public string? EventId => Failure.SystemMetadataProperties.GetValueOrDefault(SystemMetadataProperties.EventId);

    public string? EventType => Failure.SystemMetadataProperties.GetValueOrDefault(SystemMetadataProperties.EventType);

    public static bool IsProducedByMlEvents(FailedMcp failure)
    {
        ArgumentNullException.ThrowIfNull(failure);
        return failure.SystemMetadataProperties.TryGetValue(SystemMetadataProperties.Producer, out var producer)
            && producer == SystemMetadataProperties.ProducerValue;
    }
}
