namespace MlEvents.Conversion;

/// <summary>
/// The <c>systemMetadata.properties</c> every MCP of the converter carries. GMS keeps them on an MCP it refuses
/// (FailedMetadataChangeProposal_v1), which is how the worker recognises its own rejected MCPs and names their event.
/// </summary>
public static class SystemMetadataProperties
{
    /// <summary>Key of the producer marker.</summary>
    public const string Producer = "producer";

    /// <summary>Value of <see cref="Producer"/> on every MCP MlEvents writes.</summary>
    public const string ProducerValue = "mlevents";

    /// <summary>Key of the id of the event the MCP was made of.</summary>
    public const string EventId = "eventId";

    /// <summary>Key of the type of the event the MCP was made of.</summary>
    public const string EventType = "eventType";
}
