using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace MlEvents.DataHub.Aspects;

/// <summary>Aspect <c>mlModelProperties</c> (<c>com.linkedin.ml.metadata.MLModelProperties</c>, includes CustomProperties, ExternalReference, MLModelLineageInfo).</summary>
public sealed record MlModelProperties : IAspect<MlModelProperties>
{
    public static string AspectName => AspectNames.MlModelProperties;
    public static JsonTypeInfo<MlModelProperties> JsonTypeInfo => AspectJsonContext.Default.MlModelProperties;

    public IReadOnlyDictionary<string, string> CustomProperties { get; init; } = Defaults.EmptyMap;
    public string? ExternalUrl { get; init; }
    public IReadOnlyList<string>? TrainingJobs { get; init; }
    public IReadOnlyList<string>? DownstreamJobs { get; init; }

    /// <summary>Newer DataHub versions only.</summary>
    public string? Name { get; init; }
    public string? Description { get; init; }

    /// <summary>Newer DataHub versions only.</summary>
    public TimeStamp? Created { get; init; }

    /// <summary>Newer DataHub versions only.</summary>
    public TimeStamp? LastModified { get; init; }
    public VersionTag? Version { get; init; }
    public string? Type { get; init; }
    public IReadOnlyList<MlHyperParam>? HyperParams { get; init; }
    public IReadOnlyList<MlMetric>? TrainingMetrics { get; init; }
    public IReadOnlyList<MlMetric>? OnlineMetrics { get; init; }
    public IReadOnlyList<string> Tags { get; init; } = [];
    public IReadOnlyList<string>? Deployments { get; init; }
    public IReadOnlyList<string>? Groups { get; init; }
}
