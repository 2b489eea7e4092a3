using MlEvents.Contracts.Collections;

namespace MlEvents.Contracts;

/// <summary>The aliases of a model version changed. Kafka key: model:&lt;platform&gt;:&lt;modelName&gt;.</summary>
public sealed record ModelAliasesChanged : MlEventPayload
{
    public override string TypeName => nameof(ModelAliasesChanged);

    public required string ModelName { get; init; }
    public required string Version { get; init; }

    /// <summary>The complete new set of aliases (empty removes all).</summary>
    public IReadOnlyList<string> Aliases { get; init => field = ValueList.Of(value); } = ValueList<string>.Empty;
}
