using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace MlEvents.DataHub.Aspects;

/// <summary>Aspect <c>globalTags</c> (<c>com.linkedin.common.GlobalTags</c>).</summary>
public sealed record GlobalTags : IAspect<GlobalTags>
{
    public static string AspectName => AspectNames.GlobalTags;
    public static JsonTypeInfo<GlobalTags> JsonTypeInfo => AspectJsonContext.Default.GlobalTags;

    public required IReadOnlyList<TagAssociation> Tags { get; init; }
}
