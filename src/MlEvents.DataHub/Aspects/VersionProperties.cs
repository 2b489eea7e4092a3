using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace MlEvents.DataHub.Aspects;

/// <summary>Aspect <c>versionProperties</c> (<c>com.linkedin.common.VersionProperties</c>).</summary>
public sealed record VersionProperties : IAspect<VersionProperties>
{
    public static string AspectName => AspectNames.VersionProperties;
    public static JsonTypeInfo<VersionProperties> JsonTypeInfo => AspectJsonContext.Default.VersionProperties;

    public required string VersionSet { get; init; }
    public required VersionTag Version { get; init; }
    public IReadOnlyList<VersionTag> Aliases { get; init; } = [];
    public string? Comment { get; init; }
    public required string SortId { get; init; }
    public AuditStamp? SourceCreatedTimestamp { get; init; }
    public AuditStamp? MetadataCreatedTimestamp { get; init; }
    public bool? IsLatest { get; init; }

    /// <summary>Newer DataHub versions; the SDK always writes it.</summary>
    public VersioningScheme VersioningScheme { get; init; } = VersioningScheme.LexicographicString;
}
