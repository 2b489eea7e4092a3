using MlEvents.Contracts.Collections;

namespace MlEvents.Contracts;

/// <summary>An experiment was created or changed. Kafka key: experiment:&lt;platform&gt;:&lt;experimentId&gt;.</summary>
public sealed record ExperimentUpserted : MlEventPayload
{
    public override string TypeName => nameof(ExperimentUpserted);

    public required string ExperimentId { get; init; }
    public string? Name { get; init; }
    public string? Description { get; init; }
    public IReadOnlyDictionary<string, string> CustomProperties { get; init => field = ValueMap.Of(value); } = ValueMap<string>.Empty;
    public string? ExternalUrl { get; init; }
    public long? CreatedAt { get; init; }
    public long? LastModifiedAt { get; init; }
}
