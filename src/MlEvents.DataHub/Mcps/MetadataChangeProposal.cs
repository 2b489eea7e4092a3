using System.Text;

namespace MlEvents.DataHub.Mcps;

/// <summary>
/// A DataHub MetadataChangeProposal carrying one aspect as UTF-8 JSON bytes
/// (<c>GenericAspect {value, contentType}</c>). Build with <see cref="Mcp"/>.
/// </summary>
public sealed record MetadataChangeProposal
{
    public required string EntityType { get; init; }
    public required string EntityUrn { get; init; }
    public required ChangeType ChangeType { get; init; }
    public required string AspectName { get; init; }

    /// <summary>UTF-8 JSON: the aspect (UPSERT) or the patch body (PATCH).</summary>
    public required ReadOnlyMemory<byte> AspectValue { get; init; }

    /// <summary><see cref="ContentTypes.Json"/> or <see cref="ContentTypes.JsonPatch"/>.</summary>
    public required string ContentType { get; init; }

    public SystemMetadata? SystemMetadata { get; init; }

    /// <summary>MCP <c>headers</c> (newer schemas only; dropped when the writer schema lacks the field).</summary>
    public IReadOnlyDictionary<string, string>? Headers { get; init; }

    /// <summary>The aspect value decoded as a string (for logs and tests).</summary>
    public string AspectJson => Encoding.UTF8.GetString(AspectValue.Span);
}
