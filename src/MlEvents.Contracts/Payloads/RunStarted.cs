using MlEvents.Contracts.Collections;

namespace MlEvents.Contracts;

/// <summary>A training run started. Kafka key: run:&lt;platform&gt;:&lt;runId&gt;.</summary>
public sealed record RunStarted : MlEventPayload
{
    public override string TypeName => nameof(RunStarted);

    public required string RunId { get; init; }
    public string? RunName { get; init; }
    public string? ExperimentId { get; init; }
    public long? StartTime { get; init; }
    public IReadOnlyDictionary<string, string> HyperParams { get; init => field = ValueMap.Of(value); } = ValueMap<string>.Empty;
    public IReadOnlyDictionary<string, string> CustomProperties { get; init => field = ValueMap.Of(value); } = ValueMap<string>.Empty;
    public string? ExternalUrl { get; init; }
    public IReadOnlyList<DatasetRef> InputDatasets { get; init => field = ValueList.Of(value); } = ValueList<DatasetRef>.Empty;
}
