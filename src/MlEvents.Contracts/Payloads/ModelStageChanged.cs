namespace MlEvents.Contracts;

/// <summary>A model version moved to another MLflow stage. Kafka key: model:&lt;platform&gt;:&lt;modelName&gt;.</summary>
public sealed record ModelStageChanged : MlEventPayload
{
    public override string TypeName => nameof(ModelStageChanged);

    public required string ModelName { get; init; }
    public required string Version { get; init; }

    /// <summary>Production, Staging, Archived or None (other names allowed).</summary>
    public required string Stage { get; init; }
}
