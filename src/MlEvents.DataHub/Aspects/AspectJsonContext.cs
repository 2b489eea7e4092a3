using System.Text.Json.Serialization;

namespace MlEvents.DataHub.Aspects;

/// <summary>
/// Source-generated serialisation for every aspect: camelCase names as in the PDLs, optional fields
/// omitted (never null), enums as their Pegasus symbols.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    RespectRequiredConstructorParameters = true)]
[JsonSerializable(typeof(ContainerProperties))]
[JsonSerializable(typeof(SubTypes))]
[JsonSerializable(typeof(DataPlatformInstance))]
[JsonSerializable(typeof(BrowsePathsV2))]
[JsonSerializable(typeof(Status))]
[JsonSerializable(typeof(ContainerAspect))]
[JsonSerializable(typeof(DataProcessInstanceProperties))]
[JsonSerializable(typeof(DataProcessInstanceRunEvent))]
[JsonSerializable(typeof(DataProcessInstanceInput))]
[JsonSerializable(typeof(DataProcessInstanceOutput))]
[JsonSerializable(typeof(MlTrainingRunProperties))]
[JsonSerializable(typeof(MlModelGroupProperties))]
[JsonSerializable(typeof(MlModelProperties))]
[JsonSerializable(typeof(VersionProperties))]
[JsonSerializable(typeof(GlobalTags))]
[JsonSerializable(typeof(TagProperties))]
[JsonSerializable(typeof(PlatformResourceInfo))]
[JsonSerializable(typeof(MlMetric))]
[JsonSerializable(typeof(MlHyperParam))]
[JsonSerializable(typeof(Edge))]
[JsonSerializable(typeof(TagAssociation))]
[JsonSerializable(typeof(VersionTag))]
[JsonSerializable(typeof(TimeStamp))]
[JsonSerializable(typeof(AuditStamp))]
[JsonSerializable(typeof(string))]
public sealed partial class AspectJsonContext : JsonSerializerContext;
