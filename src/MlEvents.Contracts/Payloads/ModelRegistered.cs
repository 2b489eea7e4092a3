using MlEvents.Contracts.Collections;

namespace MlEvents.Contracts;

/// <summary>A model version was registered. Kafka key: model:&lt;platform&gt;:&lt;modelName&gt;.</summary>
public sealed record ModelRegistered : MlEventPayload
{
    public override string TypeName => nameof(ModelRegistered);

    public required string ModelName { get; init; }
    public required string Version { get; init; }
    public string? GroupName { get; init; }
    public string? RunId { get; init; }
    public string? Description { get; init; }
    public IReadOnlyDictionary<string, string> CustomProperties { get; init => field = ValueMap.Of(value); } = ValueMap<string>.Empty;
    public IReadOnlyDictionary<string, double> TrainingMetrics { get; init => field = ValueMap.Of(value); } = ValueMap<double>.Empty;
    public IReadOnlyDictionary<string, string> HyperParams { get; init => field = ValueMap.Of(value); } = ValueMap<string>.Empty;
    public string? ExternalUrl { get; init; }
    public long? CreatedAt { get; init; }
    public long? LastModifiedAt { get; init; }
    public IReadOnlyList<string> Tags { get; init => field = ValueList.Of(value); } = ValueList<string>.Empty;
    public IReadOnlyList<string> Aliases { get; init => field = ValueList.Of(value); } = ValueList<string>.Empty;
    public string? Stage { get; init; }
}
