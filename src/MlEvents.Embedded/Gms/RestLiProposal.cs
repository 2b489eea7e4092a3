using System.Text.Json;
using MlEvents.DataHub.Mcps;

namespace MlEvents.Embedded;

/// <summary>
/// Reads a <c>com.linkedin.mxe.MetadataChangeProposal</c> in Rest.li JSON, as DataHub's REST emitters send it
/// (<c>pre_json_transform(mcp.to_obj())</c>): <c>entityType</c>, <c>entityUrn</c>, <c>changeType</c>, <c>aspectName</c>,
/// <c>aspect: {value, contentType}</c>, optional <c>systemMetadata</c>. Unknown members are ignored.
/// </summary>
internal static class RestLiProposal
{
    /// <summary>Reads one proposal or throws <see cref="FormatException"/> naming the offending path (GMS answers 400).</summary>
    public static MetadataChangeProposal Read(JsonElement proposal, string path)
    {
        if (proposal.ValueKind != JsonValueKind.Object)
        {
            throw new FormatException($"ERROR :: {path} :: is not a record");
        }

        var changeTypeSymbol = RequiredString(proposal, "changeType", path);
        ChangeType changeType;
        try
        {
            changeType = ChangeTypes.Parse(changeTypeSymbol);
        }
        catch (FormatException)
        {
            throw new FormatException($"ERROR :: {path}/changeType :: \"{changeTypeSymbol}\" is not an enum symbol");
        }

        if (!proposal.TryGetProperty("aspect", out var aspect) || aspect.ValueKind != JsonValueKind.Object)
        {
            throw new FormatException($"ERROR :: {path}/aspect :: field is required but not found and has no default value");
        }

        return new MetadataChangeProposal
        {
            EntityType = RequiredString(proposal, "entityType", path),
            EntityUrn = RequiredString(proposal, "entityUrn", path),
            ChangeType = changeType,
            AspectName = RequiredString(proposal, "aspectName", path),
            AspectValue = RestLiBytes(RequiredString(aspect, "value", path + "/aspect"), path + "/aspect/value"),
            ContentType = RequiredString(aspect, "contentType", path + "/aspect"),
            SystemMetadata = proposal.TryGetProperty("systemMetadata", out var metadata) && metadata.ValueKind == JsonValueKind.Object
                ? ReadSystemMetadata(metadata)
                : null,
        };
    }

    /// <summary>
    /// Rest.li encodes a <c>bytes</c> field as a string with one character per byte (U+0000..U+00FF); GMS then reads the
    /// bytes as UTF-8. A character above U+00FF is not a valid bytes string, so non-ASCII text must be sent
    /// \u-escaped inside the aspect JSON (as Python's <c>json.dumps</c> does) or as its UTF-8 bytes.
    /// </summary>
    private static byte[] RestLiBytes(string text, string path)
    {
        var bytes = new byte[text.Length];
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] > '\u00FF')
            {
                throw new FormatException($"ERROR :: {path} :: \"{Truncate(text)}\" is not a valid string representation of bytes");
            }

            bytes[i] = (byte)text[i];
        }

        return bytes;
    }

    private static SystemMetadata ReadSystemMetadata(JsonElement json) => new()
    {
        LastObserved = json.TryGetProperty("lastObserved", out var lastObserved) && lastObserved.TryGetInt64(out var millis) ? millis : null,
        RunId = OptionalString(json, "runId"),
        LastRunId = OptionalString(json, "lastRunId"),
        PipelineName = OptionalString(json, "pipelineName"),
        RegistryName = OptionalString(json, "registryName"),
        RegistryVersion = OptionalString(json, "registryVersion"),
        Properties = json.TryGetProperty("properties", out var properties) && properties.ValueKind == JsonValueKind.Object
            ? properties.EnumerateObject().Where(p => p.Value.ValueKind == JsonValueKind.String).ToDictionary(p => p.Name, p => p.Value.GetString()!)
            : null,
        Version = OptionalString(json, "version"),
    };

    private static string RequiredString(JsonElement json, string name, string path) =>
        json.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()!
            : throw new FormatException($"ERROR :: {path}/{name} :: field is required but not found and has no default value");

    private static string? OptionalString(JsonElement json, string name) =>
        json.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static string Truncate(string text) => text.Length <= 64 ? text : text[..64] + "…";
}
