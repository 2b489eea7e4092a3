using System.Reflection;
using Avro;
using Avro.Generic;
using MlEvents.DataHub.Mcps;
using Newtonsoft.Json.Linq;

namespace MlEvents.DataHub.Serialization;

/// <summary>
/// DataHub's Kafka MCP record (<c>com.linkedin.pegasus2avro.mxe.MetadataChangeProposal</c>) as Avro
/// GenericRecords. Works with any MCP schema version: fields are filled by name, fields this model does
/// not know take their schema default (or null), and model fields the schema lacks are dropped.
/// </summary>
public static class McpAvro
{
    private const string ResourceName = "MlEvents.DataHub.Schemas.MetadataChangeProposal.avsc";

    /// <summary>The shipped schema text (verbatim copy of DataHub's <c>MetadataChangeProposal.avsc</c>).</summary>
    public static string SchemaJson { get; } = LoadSchemaJson();

    /// <summary>The shipped schema, parsed once.</summary>
    public static RecordSchema Schema { get; } = (RecordSchema)global::Avro.Schema.Parse(SchemaJson);

    /// <summary>Builds a record for <paramref name="writerSchema"/> (default: <see cref="Schema"/>).</summary>
    public static GenericRecord ToGenericRecord(MetadataChangeProposal mcp, RecordSchema? writerSchema = null)
    {
        ArgumentNullException.ThrowIfNull(mcp);
        var schema = writerSchema ?? Schema;
        var record = new GenericRecord(schema);
        foreach (var field in schema.Fields)
        {
            object? value = field.Name switch
            {
                "entityType" => mcp.EntityType,
                "entityUrn" => mcp.EntityUrn,
                "changeType" => ToEnum(field.Schema, mcp.ChangeType.ToSymbol()),
                "aspectName" => mcp.AspectName,
                "aspect" => GenericAspect(field.Schema, mcp),
                "systemMetadata" => mcp.SystemMetadata is null ? null : SystemMetadataRecord(field.Schema, mcp.SystemMetadata),
                "headers" => mcp.Headers?.ToDictionary(kv => kv.Key, kv => (object)kv.Value),
                _ => DefaultOf(field),
            };
            record.Add(field.Name, value);
        }

        return record;
    }

    /// <summary>Reads an MCP back from a record of any MCP schema version.</summary>
    public static MetadataChangeProposal FromGenericRecord(GenericRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var aspect = Get(record, "aspect") as GenericRecord
            ?? throw new InvalidDataException("MCP record has no aspect; this model needs one.");
        var changeType = Get(record, "changeType") switch
        {
            GenericEnum e => e.Value,
            string s => s,
            var other => throw new InvalidDataException($"Unexpected changeType value {other}."),
        };
        return new MetadataChangeProposal
        {
            EntityType = (string)(Get(record, "entityType") ?? throw new InvalidDataException("MCP record without entityType.")),
            EntityUrn = (string)(Get(record, "entityUrn") ?? throw new InvalidDataException("MCP record without entityUrn.")),
            ChangeType = ChangeTypes.Parse(changeType),
            AspectName = (string)(Get(record, "aspectName") ?? throw new InvalidDataException("MCP record without aspectName.")),
            AspectValue = (byte[])(Get(aspect, "value") ?? Array.Empty<byte>()),
            ContentType = (string)(Get(aspect, "contentType") ?? ContentTypes.Json),
            SystemMetadata = Get(record, "systemMetadata") is GenericRecord sm ? ReadSystemMetadata(sm) : null,
            Headers = Get(record, "headers") is IDictionary<string, object> headers
                ? headers.ToDictionary(kv => kv.Key, kv => (string)kv.Value)
                : null,
        };
    }

    private static GenericRecord GenericAspect(Schema fieldSchema, MetadataChangeProposal mcp)
    {
        var schema = RecordBranch(fieldSchema);
        var aspect = new GenericRecord(schema);
        foreach (var field in schema.Fields)
        {
            aspect.Add(field.Name, field.Name switch
            {
                "value" => mcp.AspectValue.ToArray(),
                "contentType" => mcp.ContentType,
                _ => DefaultOf(field),
            });
        }

        return aspect;
    }

    private static GenericRecord SystemMetadataRecord(Schema fieldSchema, SystemMetadata metadata)
    {
        var schema = RecordBranch(fieldSchema);
        var record = new GenericRecord(schema);
        foreach (var field in schema.Fields)
        {
            record.Add(field.Name, SystemMetadataValue(field.Name, metadata) ?? DefaultOf(field));
        }

        return record;
    }

    internal static object? SystemMetadataValue(string fieldName, SystemMetadata metadata) => fieldName switch
    {
        "lastObserved" => metadata.LastObserved,
        "runId" => metadata.RunId,
        "lastRunId" => metadata.LastRunId,
        "pipelineName" => metadata.PipelineName,
        "registryName" => metadata.RegistryName,
        "registryVersion" => metadata.RegistryVersion,
        "properties" => metadata.Properties?.ToDictionary(kv => kv.Key, kv => (object)kv.Value),
        "version" => metadata.Version,
        _ => null,
    };

    /// <summary>A record branch with each field's default computed once (for <see cref="McpRecordFactory"/>).</summary>
    internal sealed record SubRecordShape(RecordSchema Schema, Func<object?>[] Defaults)
    {
        public static SubRecordShape Of(Schema fieldSchema)
        {
            var schema = RecordBranch(fieldSchema);
            var defaults = new Func<object?>[schema.Fields.Count];
            foreach (var field in schema.Fields)
            {
                defaults[field.Pos] = DefaultOnce(field);
            }

            return new SubRecordShape(schema, defaults);
        }
    }

    /// <summary><see cref="DefaultOf"/> evaluated once: returns the shared value, or throws the same error on every use.</summary>
    internal static Func<object?> DefaultOnce(Field field)
    {
        try
        {
            var value = DefaultOf(field);
            return () => value;
        }
        catch (InvalidOperationException e)
        {
            var message = e.Message;
            return () => throw new InvalidOperationException(message);
        }
    }

    internal static EnumSchema? EnumBranch(Schema schema) =>
        schema as EnumSchema ?? (schema as UnionSchema)?.Schemas.OfType<EnumSchema>().FirstOrDefault();

    private static SystemMetadata ReadSystemMetadata(GenericRecord record) => new()
    {
        LastObserved = Get(record, "lastObserved") as long?,
        RunId = Get(record, "runId") as string,
        LastRunId = Get(record, "lastRunId") as string,
        PipelineName = Get(record, "pipelineName") as string,
        RegistryName = Get(record, "registryName") as string,
        RegistryVersion = Get(record, "registryVersion") as string,
        Properties = Get(record, "properties") is IDictionary<string, object> properties
            ? properties.ToDictionary(kv => kv.Key, kv => (string)kv.Value)
            : null,
        Version = Get(record, "version") as string,
    };

    private static object? Get(GenericRecord record, string field) =>
        record.TryGetValue(field, out var value) ? value : null;

    internal static GenericEnum ToEnum(Schema schema, string symbol)
    {
        var enumSchema = EnumBranch(schema)
            ?? throw new InvalidOperationException($"Field schema {schema.Fullname} is not an enum.");
        if (!enumSchema.Symbols.Contains(symbol))
        {
            throw new InvalidOperationException($"Writer schema's {enumSchema.Fullname} has no symbol {symbol}.");
        }

        return new GenericEnum(enumSchema, symbol);
    }

    private static RecordSchema RecordBranch(Schema schema) =>
        schema as RecordSchema
        ?? (schema as UnionSchema)?.Schemas.OfType<RecordSchema>().FirstOrDefault()
        ?? throw new InvalidOperationException($"Schema {schema.Fullname} has no record branch.");

    /// <summary>Value for a field this model does not fill: its Avro default, else null if nullable.</summary>
    private static object? DefaultOf(Field field)
    {
        var schema = field.Schema;
        var nullable = schema.Tag == global::Avro.Schema.Type.Null
            || (schema is UnionSchema union && union.Schemas.Any(s => s.Tag == global::Avro.Schema.Type.Null));
        var token = field.DefaultValue;
        if (token is null || token.Type == JTokenType.Null)
        {
            return nullable
                ? null
                : throw new InvalidOperationException($"Writer schema field '{field.Name}' is required and unknown to this model.");
        }

        // A union's default belongs to its first branch.
        var target = schema is UnionSchema u ? u.Schemas[0] : schema;
        return target.Tag switch
        {
            global::Avro.Schema.Type.String => token.Value<string>(),
            global::Avro.Schema.Type.Long => token.Value<long>(),
            global::Avro.Schema.Type.Int => token.Value<int>(),
            global::Avro.Schema.Type.Boolean => token.Value<bool>(),
            global::Avro.Schema.Type.Double => token.Value<double>(),
            global::Avro.Schema.Type.Float => token.Value<float>(),
            global::Avro.Schema.Type.Enumeration => new GenericEnum((EnumSchema)target, token.Value<string>()),
            global::Avro.Schema.Type.Map when token is JObject o => o.Properties().ToDictionary(p => p.Name, p => (object)p.Value.Value<string>()!),
            global::Avro.Schema.Type.Array when token is JArray { Count: 0 } => Array.Empty<object>(),
            _ => throw new InvalidOperationException($"Cannot materialise the default of writer schema field '{field.Name}'."),
        };
    }

    private static string LoadSchemaJson()
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"Embedded resource {ResourceName} missing.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
