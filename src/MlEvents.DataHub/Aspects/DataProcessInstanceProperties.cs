using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace MlEvents.DataHub.Aspects;

/// <summary>Aspect <c>dataProcessInstanceProperties</c> (<c>com.linkedin.dataprocess.DataProcessInstanceProperties</c>).</summary>
public sealed record DataProcessInstanceProperties : IAspect<DataProcessInstanceProperties>
{
    public static string AspectName => AspectNames.DataProcessInstanceProperties;
    public static JsonTypeInfo<DataProcessInstanceProperties> JsonTypeInfo => AspectJsonContext.Default.DataProcessInstanceProperties;

    public IReadOnlyDictionary<string, string> CustomProperties { get; init; } = Defaults.EmptyMap;
    public string? ExternalUrl { get; init; }
    public required string Name { get; init; }
    public DataProcessType? Type { get; init; }
    public required AuditStamp Created { get; init; }
}
