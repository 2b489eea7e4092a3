using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace MlEvents.DataHub.Aspects;

/// <summary>Aspect <c>mlTrainingRunProperties</c> (<c>com.linkedin.ml.metadata.MLTrainingRunProperties</c>).</summary>
public sealed record MlTrainingRunProperties : IAspect<MlTrainingRunProperties>
{
    public static string AspectName => AspectNames.MlTrainingRunProperties;
    public static JsonTypeInfo<MlTrainingRunProperties> JsonTypeInfo => AspectJsonContext.Default.MlTrainingRunProperties;

    public IReadOnlyDictionary<string, string> CustomProperties { get; init; } = Defaults.EmptyMap;
    public string? ExternalUrl { get; init; }
    public string? Id { get; init; }
    public IReadOnlyList<string>? OutputUrls { get; init; }
    public IReadOnlyList<MlHyperParam>? HyperParams { get; init; }
    public IReadOnlyList<MlMetric>? TrainingMetrics { get; init; }
}
