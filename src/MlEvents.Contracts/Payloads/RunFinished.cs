using MlEvents.Contracts.Collections;

namespace MlEvents.Contracts;

/// <summary>
/// A training run ended. Kafka key: run:&lt;platform&gt;:&lt;runId&gt;.
/// <see cref="Metrics"/> and <see cref="HyperParams"/> are cumulative: every value known for the run so far.
/// </summary>
public sealed record RunFinished : MlEventPayload
{
    public override string TypeName => nameof(RunFinished);

    public required string RunId { get; init; }
    public long? EndTime { get; init; }
    public long? StartTime { get; init; }
    public required RunResult Result { get; init; }
    public string? NativeResultType { get; init; }
    public IReadOnlyDictionary<string, double> Metrics { get; init => field = ValueMap.Of(value); } = ValueMap<double>.Empty;
    public IReadOnlyDictionary<string, string> HyperParams { get; init => field = ValueMap.Of(value); } = ValueMap<string>.Empty;
    public IReadOnlyList<string> OutputUrls { get; init => field = ValueList.Of(value); } = ValueList<string>.Empty;
    public IReadOnlyList<DatasetRef> OutputDatasets { get; init => field = ValueList.Of(value); } = ValueList<DatasetRef>.Empty;

    /// <summary>Training step of the latest value of metrics logged with one, by metric name. Not written to DataHub.</summary>
    public IReadOnlyDictionary<string, long> MetricSteps { get; init => field = ValueMap.Of(value); } = ValueMap<long>.Empty;

    /// <summary>Epoch-ms time of the latest value of metrics logged with one, by metric name. Not written to DataHub.</summary>
    public IReadOnlyDictionary<string, long> MetricTimestamps { get; init => field = ValueMap.Of(value); } = ValueMap<long>.Empty;
}
