using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace MlEvents.DataHub.Aspects;

/// <summary>Aspect <c>tagProperties</c> (<c>com.linkedin.tag.TagProperties</c>).</summary>
public sealed record TagProperties : IAspect<TagProperties>
{
    public static string AspectName => AspectNames.TagProperties;
    public static JsonTypeInfo<TagProperties> JsonTypeInfo => AspectJsonContext.Default.TagProperties;

    public required string Name { get; init; }
    public string? Description { get; init; }
    public string? ColorHex { get; init; }
}
