using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace MlEvents.DataHub.Aspects;

/// <summary>Aspect <c>status</c> (<c>com.linkedin.common.Status</c>); <c>removed</c> is always written, as the SDK does.</summary>
public sealed record Status : IAspect<Status>
{
    public static string AspectName => AspectNames.Status;
    public static JsonTypeInfo<Status> JsonTypeInfo => AspectJsonContext.Default.Status;

    public bool Removed { get; init; }
    public string? LifecycleStage { get; init; }
    public AuditStamp? LifecycleLastUpdated { get; init; }
}
