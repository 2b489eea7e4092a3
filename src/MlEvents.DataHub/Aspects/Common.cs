using System.Text.Json.Serialization;

namespace MlEvents.DataHub.Aspects;

/// <summary><c>com.linkedin.common.TimeStamp</c>: epoch millis, optional actor URN.</summary>
public sealed record TimeStamp
{
    public required long Time { get; init; }
    public string? Actor { get; init; }
}

/// <summary><c>com.linkedin.common.AuditStamp</c>: epoch millis and a required actor URN.</summary>
public sealed record AuditStamp
{
    public required long Time { get; init; }
    public required string Actor { get; init; }
    public string? Impersonator { get; init; }
    public string? Message { get; init; }
}

/// <summary><c>com.linkedin.common.MetadataAttribution</c>.</summary>
public sealed record MetadataAttribution
{
    public required long Time { get; init; }
    public required string Actor { get; init; }
    public string? Source { get; init; }
    public IReadOnlyDictionary<string, string> SourceDetail { get; init; } = Defaults.EmptyMap;
}

/// <summary><c>com.linkedin.common.VersionTag</c>.</summary>
public sealed record VersionTag
{
    [JsonPropertyName("versionTag")]
    public string? Tag { get; init; }
    public MetadataAttribution? MetadataAttribution { get; init; }
}

/// <summary><c>com.linkedin.common.Edge</c>.</summary>
public sealed record Edge
{
    public string? SourceUrn { get; init; }
    public required string DestinationUrn { get; init; }
    public AuditStamp? Created { get; init; }
    public AuditStamp? LastModified { get; init; }
    public IReadOnlyDictionary<string, string>? Properties { get; init; }
}

/// <summary><c>com.linkedin.common.BrowsePathEntry</c>.</summary>
public sealed record BrowsePathEntry
{
    public required string Id { get; init; }
    public string? Urn { get; init; }
}

/// <summary><c>com.linkedin.common.TagAssociation</c>.</summary>
public sealed record TagAssociation
{
    public required string Tag { get; init; }
    public string? Context { get; init; }
    public MetadataAttribution? Attribution { get; init; }
}

/// <summary><c>com.linkedin.ml.metadata.MLHyperParam</c> (value as a string, as DataHub's sources write it).</summary>
public sealed record MlHyperParam
{
    public required string Name { get; init; }
    public string? Description { get; init; }
    public string? Value { get; init; }
    public long? CreatedAt { get; init; }
}

/// <summary><c>com.linkedin.ml.metadata.MLMetric</c> (value as a string).</summary>
public sealed record MlMetric
{
    public required string Name { get; init; }
    public string? Description { get; init; }
    public string? Value { get; init; }
    public long? CreatedAt { get; init; }
}

/// <summary><c>com.linkedin.dataprocess.DataProcessInstanceRunResult</c>.</summary>
public sealed record DataProcessInstanceRunResult
{
    public required RunResultType Type { get; init; }
    public required string NativeResultType { get; init; }
}

internal static class Defaults
{
    public static readonly IReadOnlyDictionary<string, string> EmptyMap = new Dictionary<string, string>();
}
