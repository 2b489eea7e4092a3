using System.Reflection;
using Avro;
using Avro.Generic;
using MlEvents.DataHub.Mcps;

namespace MlEvents.DataHub.Serialization;

/// <summary>
/// DataHub's <c>FailedMetadataChangeProposal</c> Kafka record (<c>com.linkedin.pegasus2avro.mxe</c>), which GMS writes to
/// <c>FailedMetadataChangeProposal_v1</c> for every MCP it could not apply: <c>auditHeader</c> (optional: a union with
/// null, default null), <c>metadataChangeProposal</c> (the MCP as received, systemMetadata included) and <c>error</c>
/// (the message or stack trace). <see cref="Schema"/> is the Avro form DataHub generates from the PDL, built around the
/// shipped MCP schema.
/// </summary>
public static class FailedMcpAvro
{
    private const string ResourceName = "MlEvents.DataHub.Schemas.FailedMetadataChangeProposal.avsc";

    public static string SchemaJson { get; } = LoadSchemaJson();

    public static RecordSchema Schema { get; } = (RecordSchema)global::Avro.Schema.Parse(SchemaJson);

    /// <summary>A record as GMS writes it for <paramref name="mcp"/> and <paramref name="error"/> (no audit header).</summary>
    public static GenericRecord ToGenericRecord(MetadataChangeProposal mcp, string error, RecordSchema? writerSchema = null)
    {
        ArgumentNullException.ThrowIfNull(mcp);
        ArgumentNullException.ThrowIfNull(error);
        var schema = writerSchema ?? Schema;
        var mcpSchema = schema.Fields.Single(f => f.Name == "metadataChangeProposal").Schema as RecordSchema
            ?? throw new InvalidOperationException("metadataChangeProposal is not a record in this schema.");
        var record = new GenericRecord(schema);
        record.Add("auditHeader", null);
        record.Add("metadataChangeProposal", McpAvro.ToGenericRecord(mcp, mcpSchema));
        record.Add("error", error);
        return record;
    }

    /// <summary>
    /// Reads the parts of a failed-MCP record of any schema version that say what was refused and why. Tolerates MCPs
    /// this project would never write (no aspect, no URN, no systemMetadata), since other producers' records share the topic.
    /// </summary>
    /// <exception cref="InvalidDataException">The record is not a FailedMetadataChangeProposal.</exception>
    public static FailedMcp Read(GenericRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        if (Get(record, "metadataChangeProposal") is not GenericRecord mcp)
        {
            throw new InvalidDataException($"Record {record.Schema.Fullname} has no metadataChangeProposal record.");
        }

        var properties = Get(mcp, "systemMetadata") is GenericRecord systemMetadata
            && Get(systemMetadata, "properties") is IDictionary<string, object> map
                ? map.ToDictionary(kv => kv.Key, kv => kv.Value as string ?? "", StringComparer.Ordinal)
                : new Dictionary<string, string>(StringComparer.Ordinal);
        return new FailedMcp(
            Get(mcp, "entityType") as string ?? "",
            Get(mcp, "entityUrn") as string,
            Get(mcp, "aspectName") as string,
            Get(mcp, "changeType") switch
            {
                GenericEnum e => e.Value,
                string s => s,
                _ => "",
            },
            properties,
            Get(record, "error") as string ?? "");
    }

    private static object? Get(GenericRecord record, string field) =>
        record.TryGetValue(field, out var value) ? value : null;

    private static string LoadSchemaJson()
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"Embedded resource {ResourceName} missing.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}

/// <summary>What a failed-MCP record says: the refused MCP's identity, its systemMetadata properties and DataHub's error.</summary>
public sealed record FailedMcp(
    string EntityType,
    string? EntityUrn,
    string? AspectName,
    string ChangeType,
    IReadOnlyDictionary<string, string> SystemMetadataProperties,
    string Error)
{
    /// <summary>The first non-blank line of <see cref="Error"/> (a stack trace's exception line), control characters replaced.</summary>
    public string ErrorFirstLine(int maxLength)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxLength, 1);
        var line = Error.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.Length > 0) ?? "";
        var clean = string.Create(line.Length, line, static (span, text) =>
        {
            for (var i = 0; i < text.Length; i++)
            {
                span[i] = char.IsControl(text[i]) ? ' ' : text[i];
            }
        });
        if (clean.Length <= maxLength)
        {
            return clean;
        }

        var cut = maxLength - 1;
        if (cut > 0 && char.IsHighSurrogate(clean[cut - 1]))
        {
            cut--; // never split a surrogate pair
        }

        return clean[..cut] + "…";
    }
}
