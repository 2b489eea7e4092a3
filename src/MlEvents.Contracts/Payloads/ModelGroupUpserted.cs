using MlEvents.Contracts.Collections;

namespace MlEvents.Contracts;

/// <summary>
/// A model group was created or changed. Kafka key: modelGroup:&lt;platform&gt;:&lt;groupName&gt;.
/// <see cref="TrainingRunIds"/> is cumulative.
/// </summary>
public sealed record ModelGroupUpserted : MlEventPayload
{
    public override string TypeName => nameof(ModelGroupUpserted);

    public required string GroupName { get; init; }
    public string? Description { get; init; }
    public IReadOnlyDictionary<string, string> CustomProperties { get; init => field = ValueMap.Of(value); } = ValueMap<string>.Empty;
    public string? ExternalUrl { get; init; }
    public long? CreatedAt { get; init; }
    public long? LastModifiedAt { get; init; }
    public string? LatestVersion { get; init; }
    public IReadOnlyList<string> TrainingRunIds { get; init => field = ValueList.Of(value); } = ValueList<string>.Empty;
}
