using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using MlEvents.DataHub.Mcps;

namespace MlEvents.DataHub.Serialization;

/// <summary>
/// DataHub's MCP JSON file format, as written by the <c>file</c> sink / golden files and read by the
/// <c>file</c> source: a JSON array of
/// <c>{entityType, entityUrn, changeType, aspectName, aspect: {json: …}, systemMetadata?}</c>.
/// PATCH MCPs carry their parsed body under <c>json</c> too (array or generic object), as
/// <c>sink/file.py::_to_obj_for_file</c> does for both JSON content types.
/// </summary>
public static class McpJsonFile
{
    private static readonly JsonWriterOptions WriterOptions = new()
    {
        Indented = true,
        IndentSize = 4,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>Serialises MCPs like DataHub's file sink: <c>[\n{…},\n{…}\n]</c>, 4-space indents.</summary>
    public static string Write(IEnumerable<MetadataChangeProposal> mcps)
    {
        ArgumentNullException.ThrowIfNull(mcps);
        var builder = new StringBuilder("[\n");
        var first = true;
        foreach (var mcp in mcps)
        {
            if (!first)
            {
                builder.Append(",\n");
            }

            first = false;
            builder.Append(WriteOne(mcp));
        }

        return builder.Append("\n]").ToString();
    }

    public static async Task WriteAsync(string path, IEnumerable<MetadataChangeProposal> mcps, CancellationToken cancellationToken = default) =>
        await File.WriteAllTextAsync(path, Write(mcps), new UTF8Encoding(false), cancellationToken).ConfigureAwait(false);

    /// <summary>Reads a file of the format above; <c>aspect: {value, contentType}</c> (non-simplified) is accepted too.</summary>
    public static IReadOnlyList<MetadataChangeProposal> Read(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        var root = JsonNode.Parse(json) as JsonArray ?? throw new FormatException("An MCP file is a JSON array.");
        return root.Select(n => ReadEntry(n as JsonObject ?? throw new FormatException("MCP entry is not an object."))).ToArray();
    }

    public static async Task<IReadOnlyList<MetadataChangeProposal>> ReadAsync(string path, CancellationToken cancellationToken = default) =>
        Read(await File.ReadAllTextAsync(path, cancellationToken).ConfigureAwait(false));

    private static string WriteOne(MetadataChangeProposal mcp)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            writer.WriteStartObject();
            writer.WriteString("entityType", mcp.EntityType);
            writer.WriteString("entityUrn", mcp.EntityUrn);
            writer.WriteString("changeType", mcp.ChangeType.ToSymbol());
            writer.WriteString("aspectName", mcp.AspectName);
            writer.WriteStartObject("aspect");
            if (mcp.ContentType is ContentTypes.Json or ContentTypes.JsonPatch)
            {
                writer.WritePropertyName("json");
                using var document = JsonDocument.Parse(mcp.AspectValue);
                document.RootElement.WriteTo(writer);
            }
            else
            {
                writer.WriteString("value", mcp.AspectJson);
                writer.WriteString("contentType", mcp.ContentType);
            }

            writer.WriteEndObject();
            if (mcp.SystemMetadata is { } metadata)
            {
                WriteSystemMetadata(writer, metadata);
            }

            if (mcp.Headers is { Count: > 0 } headers)
            {
                writer.WriteStartObject("headers");
                foreach (var (key, value) in headers)
                {
                    writer.WriteString(key, value);
                }

                writer.WriteEndObject();
            }

            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static void WriteSystemMetadata(Utf8JsonWriter writer, SystemMetadata metadata)
    {
        writer.WriteStartObject("systemMetadata");
        if (metadata.LastObserved is { } lastObserved)
        {
            writer.WriteNumber("lastObserved", lastObserved);
        }

        WriteOptional(writer, "runId", metadata.RunId);
        WriteOptional(writer, "lastRunId", metadata.LastRunId);
        WriteOptional(writer, "pipelineName", metadata.PipelineName);
        WriteOptional(writer, "registryName", metadata.RegistryName);
        WriteOptional(writer, "registryVersion", metadata.RegistryVersion);
        if (metadata.Properties is { } properties)
        {
            writer.WriteStartObject("properties");
            foreach (var (key, value) in properties)
            {
                writer.WriteString(key, value);
            }

            writer.WriteEndObject();
        }

        WriteOptional(writer, "version", metadata.Version);
        writer.WriteEndObject();
    }

    private static void WriteOptional(Utf8JsonWriter writer, string name, string? value)
    {
        if (value is not null)
        {
            writer.WriteString(name, value);
        }
    }

    /// <summary>One entry (file form <c>aspect: {json}</c> or wire form <c>aspect: {value, contentType}</c>) as an MCP.</summary>
    public static MetadataChangeProposal ReadEntry(JsonObject entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var changeType = ChangeTypes.Parse(RequiredString(entry, "changeType"));
        var aspect = entry["aspect"] as JsonObject ?? throw new FormatException("MCP entry without an aspect object.");
        byte[] value;
        string contentType;
        if (aspect.TryGetPropertyValue("json", out var json))
        {
            value = Encoding.UTF8.GetBytes(json?.ToJsonString() ?? "null");
            contentType = changeType == ChangeType.Patch ? ContentTypes.JsonPatch : ContentTypes.Json;
        }
        else
        {
            value = Encoding.UTF8.GetBytes(RequiredString(aspect, "value"));
            contentType = RequiredString(aspect, "contentType");
        }

        return new MetadataChangeProposal
        {
            EntityType = RequiredString(entry, "entityType"),
            EntityUrn = RequiredString(entry, "entityUrn"),
            ChangeType = changeType,
            AspectName = RequiredString(entry, "aspectName"),
            AspectValue = value,
            ContentType = contentType,
            SystemMetadata = entry["systemMetadata"] is JsonObject sm ? ReadSystemMetadata(sm) : null,
            Headers = entry["headers"] is JsonObject headers
                ? headers.ToDictionary(kv => kv.Key, kv => kv.Value!.GetValue<string>())
                : null,
        };
    }

    private static SystemMetadata ReadSystemMetadata(JsonObject json) => new()
    {
        LastObserved = json["lastObserved"]?.GetValue<long>(),
        RunId = json["runId"]?.GetValue<string>(),
        LastRunId = json["lastRunId"]?.GetValue<string>(),
        PipelineName = json["pipelineName"]?.GetValue<string>(),
        RegistryName = json["registryName"]?.GetValue<string>(),
        RegistryVersion = json["registryVersion"]?.GetValue<string>(),
        Properties = json["properties"] is JsonObject properties
            ? properties.ToDictionary(kv => kv.Key, kv => kv.Value!.GetValue<string>())
            : null,
        Version = json["version"]?.GetValue<string>(),
    };

    private static string RequiredString(JsonObject json, string name) =>
        json[name]?.GetValue<string>() ?? throw new FormatException($"MCP entry without '{name}'.");
}
