using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace MlEvents.DataHub.Aspects;

/// <summary>Aspect <c>browsePathsV2</c> (<c>com.linkedin.common.BrowsePathsV2</c>).</summary>
public sealed record BrowsePathsV2 : IAspect<BrowsePathsV2>
{
    public static string AspectName => AspectNames.BrowsePathsV2;
    public static JsonTypeInfo<BrowsePathsV2> JsonTypeInfo => AspectJsonContext.Default.BrowsePathsV2;

    public required IReadOnlyList<BrowsePathEntry> Path { get; init; }
}
