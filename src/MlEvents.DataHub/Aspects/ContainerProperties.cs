using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace MlEvents.DataHub.Aspects;

/// <summary>Aspect <c>containerProperties</c> (<c>com.linkedin.container.ContainerProperties</c>).</summary>
public sealed record ContainerProperties : IAspect<ContainerProperties>
{
    public static string AspectName => AspectNames.ContainerProperties;
    public static JsonTypeInfo<ContainerProperties> JsonTypeInfo => AspectJsonContext.Default.ContainerProperties;

    public IReadOnlyDictionary<string, string> CustomProperties { get; init; } = Defaults.EmptyMap;
    public string? ExternalUrl { get; init; }
    public required string Name { get; init; }
    public string? QualifiedName { get; init; }
    public string? Description { get; init; }
    public TimeStamp? Created { get; init; }
    public TimeStamp? LastModified { get; init; }

    /// <summary>A <c>FabricType</c> symbol such as <c>PROD</c>.</summary>
    public string? Env { get; init; }
}
