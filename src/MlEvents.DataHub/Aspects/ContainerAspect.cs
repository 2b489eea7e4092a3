using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace MlEvents.DataHub.Aspects;

/// <summary>Aspect <c>container</c> (<c>com.linkedin.container.Container</c>): the parent container of an entity.</summary>
public sealed record ContainerAspect : IAspect<ContainerAspect>
{
    public static string AspectName => AspectNames.Container;
    public static JsonTypeInfo<ContainerAspect> JsonTypeInfo => AspectJsonContext.Default.ContainerAspect;

    [JsonPropertyName("container")]
    public required string ContainerUrn { get; init; }
}
