using System.Text.Json.Serialization.Metadata;

namespace MlEvents.DataHub.Aspects;

/// <summary>
/// Aspect <c>platformResourceInfo</c> (<c>com.linkedin.platformresource.PlatformResourceInfo</c>): DataHub's MLflow source
/// writes one per MLflow user (resourceType <c>user</c>, primaryKey the user id) and names it as its runs' creator.
/// </summary>
public sealed record PlatformResourceInfo : IAspect<PlatformResourceInfo>
{
    public static string AspectName => AspectNames.PlatformResourceInfo;
    public static JsonTypeInfo<PlatformResourceInfo> JsonTypeInfo => AspectJsonContext.Default.PlatformResourceInfo;

    public required string ResourceType { get; init; }
    public required string PrimaryKey { get; init; }
    public IReadOnlyList<string>? SecondaryKeys { get; init; }
}
