namespace MlEvents.DataHub.Mcps;

/// <summary>
/// <c>com.linkedin.mxe.SystemMetadata</c>. Null members are left out (JSON) or take the Avro default.
/// </summary>
public sealed record SystemMetadata
{
    /// <summary>Epoch millis the metadata was observed at.</summary>
    public long? LastObserved { get; init; }
    public string? RunId { get; init; }
    public string? LastRunId { get; init; }
    public string? PipelineName { get; init; }
    public string? RegistryName { get; init; }
    public string? RegistryVersion { get; init; }
    public IReadOnlyDictionary<string, string>? Properties { get; init; }

    /// <summary>Only in newer MCP schemas (<c>SystemMetadata.version</c>); dropped when the writer schema lacks it.</summary>
    public string? Version { get; init; }
}
