using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using MlEvents.DataHub.Mcps;
using MlEvents.DataHub.Urns;

namespace MlEvents.DataHub.Serialization;

/// <summary>
/// The JSON that DataHub's Rest.li REST emitter (<c>emitter/rest_emitter.py</c>) posts to GMS, byte for byte:
/// each proposal is <c>json.dumps(pre_json_transform(mcp.to_obj()))</c> (schema field order, <c>None</c> dropped,
/// defaults of <c>SystemMetadata</c> filled as the Python classes fill them, <c>", "</c>/<c>": "</c> separators, ASCII
/// only), the aspect a <c>{"value": "&lt;aspect JSON&gt;", "contentType": …}</c> string (Rest.li <c>bytes</c>: see <see cref="RestLiBytes"/>). The aspect bytes are the ones the
/// Kafka sink writes. The worker's <c>GmsRequestBody</c> frames such proposals into the request body.
/// </summary>
public static class McpRestJson
{
    /// <summary>Python's <c>SystemMetadataClass</c> default for <c>runId</c> and <c>lastRunId</c> (also the Avro default).</summary>
    public const string DefaultRunId = "no-run-id-provided";

    /// <summary>One proposal object as UTF-8 (ASCII) bytes.</summary>
    public static byte[] Proposal(MetadataChangeProposal mcp) => Encoding.ASCII.GetBytes(ProposalText(mcp));

    public static string ProposalText(MetadataChangeProposal mcp)
    {
        ArgumentNullException.ThrowIfNull(mcp);
        var builder = new StringBuilder(256 + (mcp.AspectValue.Length * 11 / 10));
        builder.Append('{');
        Pair(builder, "entityType", mcp.EntityType, first: true);
        Pair(builder, "entityUrn", mcp.EntityUrn);
        Pair(builder, "changeType", mcp.ChangeType.ToSymbol());
        Pair(builder, "aspectName", mcp.AspectName);
        Field(builder, "aspect").Append('{');
        Pair(builder, "value", RestLiBytes(mcp.AspectValue.Span), first: true);
        Pair(builder, "contentType", mcp.ContentType);
        builder.Append('}');
        if (mcp.SystemMetadata is { } metadata)
        {
            Field(builder, "systemMetadata").Append('{');
            Field(builder, "lastObserved", first: true).Append((metadata.LastObserved ?? 0).ToString(CultureInfo.InvariantCulture));
            Pair(builder, "runId", metadata.RunId ?? DefaultRunId);
            Optional(builder, "pipelineName", metadata.PipelineName);
            Pair(builder, "lastRunId", metadata.LastRunId ?? DefaultRunId);
            Optional(builder, "registryName", metadata.RegistryName);
            Optional(builder, "registryVersion", metadata.RegistryVersion);
            if (metadata.Properties is { } properties)
            {
                Field(builder, "properties");
                Map(builder, properties);
            }

            Optional(builder, "version", metadata.Version);
            builder.Append('}');
        }

        if (mcp.Headers is { } headers)
        {
            Field(builder, "headers");
            Map(builder, headers);
        }

        return builder.Append('}').ToString();
    }

    /// <summary>
    /// <c>GenericAspect.value</c> is a Rest.li <c>bytes</c> field: a string of one character per byte (U+0000..U+00FF), which
    /// GMS turns back into the bytes. So GMS gets exactly the aspect bytes the Kafka sink sends, whatever they hold; for
    /// ASCII aspect JSON (Python's <c>json.dumps</c> always writes it) this is the text itself, as the Python emitter sends it.
    /// </summary>
    public static string RestLiBytes(ReadOnlySpan<byte> bytes) => Encoding.Latin1.GetString(bytes);

    /// <summary>Reads one proposal object (as GMS receives it) back into an MCP; <c>aspect.value</c> as Rest.li bytes.</summary>
    public static MetadataChangeProposal ReadProposal(JsonObject proposal)
    {
        ArgumentNullException.ThrowIfNull(proposal);
        var mcp = McpJsonFile.ReadEntry(proposal);
        var value = proposal["aspect"]?["value"]?.GetValue<string>();
        return value is null ? mcp : mcp with { AspectValue = Encoding.Latin1.GetBytes(value) };
    }

    private static StringBuilder Field(StringBuilder builder, string name, bool first = false)
    {
        if (!first)
        {
            builder.Append(", ");
        }

        PythonJson.AppendString(builder, name);
        return builder.Append(": ");
    }

    private static void Pair(StringBuilder builder, string name, string value, bool first = false)
    {
        Field(builder, name, first);
        PythonJson.AppendString(builder, value);
    }

    private static void Optional(StringBuilder builder, string name, string? value)
    {
        if (value is not null)
        {
            Pair(builder, name, value);
        }
    }

    private static void Map(StringBuilder builder, IEnumerable<KeyValuePair<string, string>> map)
    {
        builder.Append('{');
        var first = true;
        foreach (var (key, value) in map)
        {
            if (!first)
            {
                builder.Append(", ");
            }

            first = false;
            PythonJson.AppendString(builder, key);
            builder.Append(": ");
            PythonJson.AppendString(builder, value);
        }

        builder.Append('}');
    }
}
