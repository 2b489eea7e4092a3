using MlEvents.Contracts.Collections;

namespace MlEvents.Contracts;

/// <summary>
/// A running training run reports what it has learned so far. Kafka key: run:&lt;platform&gt;:&lt;runId&gt;.
/// Every field is cumulative, as in <see cref="RunFinished"/>: every value known for the run so far.
/// </summary>
public sealed record RunUpdated : MlEventPayload
{
    public override string TypeName => nameof(RunUpdated);

    public required string RunId { get; init; }
    public IReadOnlyDictionary<string, string> HyperParams { get; init => field = ValueMap.Of(value); } = ValueMap<string>.Empty;
    public IReadOnlyDictionary<string, double> Metrics { get; init => field = ValueMap.Of(value); } = ValueMap<double>.Empty;
    public IReadOnlyDictionary<string, string> CustomProperties { get; init => field = ValueMap.Of(value); } = ValueMap<string>.Empty;
    public IReadOnlyList<string> OutputUrls { get; init => field = ValueList.Of(value); } = ValueList<string>.Empty;
}
