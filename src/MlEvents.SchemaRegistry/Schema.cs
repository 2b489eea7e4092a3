namespace MlEvents.SchemaRegistry;

/// <summary>Schema format (Confluent <c>SchemaType</c>); only Avro is serialised by this library.</summary>
public enum SchemaType
{
    Avro,
    Protobuf,
    Json,
}

/// <summary>A schema as the registry stores it (Confluent <c>Schema</c>).</summary>
public record Schema(string SchemaString, SchemaType SchemaType = SchemaType.Avro)
{
    public static Schema Avro(string schemaString) => new(schemaString);
}

/// <summary>A schema registered under a subject (Confluent <c>RegisteredSchema</c>).</summary>
public sealed record RegisteredSchema(string Subject, int Version, int Id, string SchemaString, SchemaType SchemaType = SchemaType.Avro)
    : Schema(SchemaString, SchemaType);
