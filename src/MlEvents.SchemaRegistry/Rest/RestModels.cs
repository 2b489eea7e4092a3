using System.Text.Json.Serialization;

namespace MlEvents.SchemaRegistry.Rest;

internal sealed record SchemaRequest(
    [property: JsonPropertyName("schema")] string Schema,
    [property: JsonPropertyName("schemaType"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? SchemaType);

internal sealed record IdResponse([property: JsonPropertyName("id")] int Id);

internal sealed record SchemaResponse(
    [property: JsonPropertyName("subject")] string? Subject,
    [property: JsonPropertyName("version")] int? Version,
    [property: JsonPropertyName("id")] int? Id,
    [property: JsonPropertyName("schema")] string? Schema,
    [property: JsonPropertyName("schemaType")] string? SchemaType);

internal sealed record ErrorResponse(
    [property: JsonPropertyName("error_code")] int ErrorCode,
    [property: JsonPropertyName("message")] string? Message);

internal static class SchemaTypeNames
{
    public static string? ToWire(SchemaType type) => type switch
    {
        SchemaType.Avro => null, // Confluent omits the default type
        SchemaType.Protobuf => "PROTOBUF",
        SchemaType.Json => "JSON",
        _ => throw new ArgumentOutOfRangeException(nameof(type)),
    };

    public static SchemaType FromWire(string? name) => name?.ToUpperInvariant() switch
    {
        null or "" or "AVRO" => SchemaType.Avro,
        "PROTOBUF" => SchemaType.Protobuf,
        "JSON" => SchemaType.Json,
        _ => throw new SchemaRegistryException($"Unknown schemaType '{name}'.", null, -1, isTransient: false),
    };
}
