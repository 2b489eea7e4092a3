using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace MlEvents.DataHub.Aspects;

/// <summary>Aspect <c>mlModelGroupProperties</c> (<c>com.linkedin.ml.metadata.MLModelGroupProperties</c>, includes CustomProperties and MLModelLineageInfo).</summary>
public sealed record MlModelGroupProperties : IAspect<MlModelGroupProperties>
{
    public static string AspectName => AspectNames.MlModelGroupProperties;
    public static JsonTypeInfo<MlModelGroupProperties> JsonTypeInfo => AspectJsonContext.Default.MlModelGroupProperties;

    public IReadOnlyDictionary<string, string> CustomProperties { get; init; } = Defaults.EmptyMap;
    public IReadOnlyList<string>? TrainingJobs { get; init; }
    public IReadOnlyList<string>? DownstreamJobs { get; init; }
    public string? Name { get; init; }
    public string? Description { get; init; }
    public TimeStamp? Created { get; init; }
    public TimeStamp? LastModified { get; init; }
    public VersionTag? Version { get; init; }
}
