using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace MlEvents.DataHub.Aspects;

/// <summary>Aspect <c>dataPlatformInstance</c> (<c>com.linkedin.common.DataPlatformInstance</c>).</summary>
public sealed record DataPlatformInstance : IAspect<DataPlatformInstance>
{
    public static string AspectName => AspectNames.DataPlatformInstance;
    public static JsonTypeInfo<DataPlatformInstance> JsonTypeInfo => AspectJsonContext.Default.DataPlatformInstance;

    public required string Platform { get; init; }
    public string? Instance { get; init; }
}
