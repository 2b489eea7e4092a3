using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace MlEvents.DataHub.Aspects;

/// <summary>Aspect <c>dataProcessInstanceRunEvent</c> (timeseries, <c>com.linkedin.dataprocess.DataProcessInstanceRunEvent</c>).</summary>
public sealed record DataProcessInstanceRunEvent : IAspect<DataProcessInstanceRunEvent>
{
    public static string AspectName => AspectNames.DataProcessInstanceRunEvent;
    public static JsonTypeInfo<DataProcessInstanceRunEvent> JsonTypeInfo => AspectJsonContext.Default.DataProcessInstanceRunEvent;

    public static bool IsTimeseries => true;

    public required long TimestampMillis { get; init; }
    public string? MessageId { get; init; }
    public string? ExternalUrl { get; init; }
    public required DataProcessRunStatus Status { get; init; }
    public int? Attempt { get; init; }
    public DataProcessInstanceRunResult? Result { get; init; }

    /// <summary>Newer DataHub versions only (see shared/datahub/pdl/PROVENANCE.md).</summary>
    public long? DurationMillis { get; init; }
}
