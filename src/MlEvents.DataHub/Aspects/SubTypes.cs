using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace MlEvents.DataHub.Aspects;

/// <summary>Aspect <c>subTypes</c> (<c>com.linkedin.common.SubTypes</c>).</summary>
public sealed record SubTypes : IAspect<SubTypes>
{
    public static string AspectName => AspectNames.SubTypes;
    public static JsonTypeInfo<SubTypes> JsonTypeInfo => AspectJsonContext.Default.SubTypes;

    public required IReadOnlyList<string> TypeNames { get; init; }
}
