using System.Text.Json;
using MlEvents.DataHub.Mcps;

namespace MlEvents.Conversion.Tests.DataHub.Pdl;

/// <summary>
/// Checks aspect JSON the way DataHub's Pegasus codec reads it, from the saved PDLs: unknown fields, missing required
/// fields, JSON types (an optional field may be absent but never null), enum symbols, and union encoding (a one-key
/// object named by the member's alias or type). Only UPSERTs are judged: a PATCH body is not an aspect (tests check the
/// state the patches leave instead). Aspects without a saved PDL are counted valid and named in <see cref="PdlReport.NotJudged"/>.
/// </summary>
internal sealed class PdlAspectValidator(PdlSchemas schemas)
{
    public static PdlAspectValidator Default { get; } = new(PdlSchemas.Default);

    public PdlReport Validate(IEnumerable<MetadataChangeProposal> mcps) =>
        Validate(mcps.Where(m => m.ChangeType == ChangeType.Upsert && m.ContentType == ContentTypes.Json)
            .Select(m => (m.EntityUrn, m.AspectName, m.AspectJson)));

    /// <summary>Validates the UPSERT aspects of a file in DataHub's MCP JSON file format (<c>aspect.json</c>).</summary>
    public PdlReport ValidateMcpFile(string fileJson)
    {
        using var document = JsonDocument.Parse(fileJson);
        var aspects = new List<(string, string, string)>();
        foreach (var mcp in document.RootElement.EnumerateArray())
        {
            var changeType = mcp.TryGetProperty("changeType", out var type) ? type.GetString() : "UPSERT";
            if (changeType == "UPSERT" && mcp.TryGetProperty("aspect", out var aspect) && aspect.TryGetProperty("json", out var json))
            {
                aspects.Add((mcp.GetProperty("entityUrn").GetString()!, mcp.GetProperty("aspectName").GetString()!, json.GetRawText()));
            }
        }

        return Validate(aspects);
    }

    private PdlReport Validate(IEnumerable<(string Urn, string AspectName, string Json)> aspects)
    {
        var problems = new List<string>();
        var notJudged = new SortedSet<string>(StringComparer.Ordinal);
        var total = 0;
        var valid = 0;
        foreach (var (urn, aspectName, json) in aspects)
        {
            total++;
            if (!schemas.AspectRecords.TryGetValue(aspectName, out var record))
            {
                notJudged.Add(aspectName);
                valid++;
                continue;
            }

            using var document = JsonDocument.Parse(json);
            var errors = new List<string>();
            Check(new PdlReference(record), document.RootElement, aspectName, errors);
            if (errors.Count == 0) valid++;
            else problems.Add($"{urn} {string.Join("; ", errors)}");
        }

        return new PdlReport(total, valid, problems, [.. notJudged]);
    }

    private void Check(PdlType type, JsonElement value, string path, List<string> errors)
    {
        var (declaration, resolved, name) = schemas.Resolve(type);
        switch (resolved)
        {
            case PdlPrimitive primitive:
                if (!Matches(primitive.Name, value)) errors.Add($"{path}: expected {primitive.Name}, got {Shorten(value)}");
                return;
            case PdlEnumLiteral literal:
                if (value.ValueKind != JsonValueKind.String || !literal.Symbols.Contains(value.GetString()!))
                    errors.Add($"{path}: {Shorten(value)} not one of {string.Join(", ", literal.Symbols)}");
                return;
            case PdlArray array:
                if (value.ValueKind != JsonValueKind.Array)
                {
                    errors.Add($"{path}: expected array, got {Shorten(value)}");
                    return;
                }

                var index = 0;
                foreach (var item in value.EnumerateArray()) Check(array.Items, item, $"{path}[{index++}]", errors);
                return;
            case PdlMap map:
                if (value.ValueKind != JsonValueKind.Object)
                {
                    errors.Add($"{path}: expected map, got {Shorten(value)}");
                    return;
                }

                foreach (var entry in value.EnumerateObject()) Check(map.Values, entry.Value, $"{path}/{entry.Name}", errors);
                return;
            case PdlUnion union:
                CheckUnion(union, value, path, errors);
                return;
        }

        switch (declaration)
        {
            case PdlEnum symbols:
                if (value.ValueKind != JsonValueKind.String || !symbols.Symbols.Contains(value.GetString()!))
                    errors.Add($"{path}: {Shorten(value)} not a symbol of {name}");
                return;
            case PdlRecord record:
                CheckRecord(record, name, value, path, errors);
                return;
            default:
                return; // fixed, or a type not among the saved PDLs: cannot be judged
        }
    }

    private void CheckRecord(PdlRecord record, string name, JsonElement value, string path, List<string> errors)
    {
        if (value.ValueKind != JsonValueKind.Object)
        {
            errors.Add($"{path}: expected record {name}, got {Shorten(value)}");
            return;
        }

        var fields = schemas.FieldsOf(record, name);
        foreach (var property in value.EnumerateObject())
        {
            if (fields.TryGetValue(property.Name, out var field)) Check(field.Type, property.Value, $"{path}/{property.Name}", errors);
            else errors.Add($"{path}/{property.Name}: unknown field of {name.Split('.')[^1]}");
        }

        foreach (var (fieldName, field) in fields)
        {
            if (!field.Optional && !value.TryGetProperty(fieldName, out _)) errors.Add($"{path}/{fieldName}: required field missing");
        }
    }

    private void CheckUnion(PdlUnion union, JsonElement value, string path, List<string> errors)
    {
        if (value.ValueKind != JsonValueKind.Object || value.EnumerateObject().Count() != 1)
        {
            errors.Add($"{path}: union must be a one-key object, got {Shorten(value)}");
            return;
        }

        var member = value.EnumerateObject().Single();
        foreach (var (alias, type) in union.Members)
        {
            if (NamesMember(member.Name, alias, type))
            {
                Check(type, member.Value, $"{path}/{member.Name}", errors);
                return;
            }
        }

        errors.Add($"{path}: union member '{member.Name}' unknown");
    }

    private static bool NamesMember(string key, string? alias, PdlType type) => alias is not null
        ? key == alias
        : type switch
        {
            PdlPrimitive primitive => key == primitive.Name,
            PdlReference reference => key == reference.Name || key.Split('.')[^1] == reference.Name.Split('.')[^1],
            _ => false,
        };

    private static bool Matches(string primitive, JsonElement value) => primitive switch
    {
        "string" or "bytes" => value.ValueKind == JsonValueKind.String,
        "boolean" => value.ValueKind is JsonValueKind.True or JsonValueKind.False,
        "int" => value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out _) && IsIntegerText(value),
        "long" => value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out _) && IsIntegerText(value),
        "float" or "double" => value.ValueKind == JsonValueKind.Number,
        "null" => value.ValueKind == JsonValueKind.Null,
        _ => false,
    };

    private static bool IsIntegerText(JsonElement number) => number.GetRawText().AsSpan().IndexOfAny(".eE") < 0;

    private static string Shorten(JsonElement value)
    {
        var text = value.GetRawText();
        return text.Length <= 40 ? text : text[..40];
    }
}

/// <summary>What <see cref="PdlAspectValidator"/> found: one problem line per invalid aspect.</summary>
internal sealed record PdlReport(int Total, int Valid, IReadOnlyList<string> Problems, IReadOnlyList<string> NotJudged)
{
    public bool AllValid => Valid == Total;

    public override string ToString() =>
        string.Join('\n', Problems.Append($"pdl: {Valid}/{Total} aspects valid against DataHub's PDL" +
            (NotJudged.Count > 0 ? $" (no saved PDL, not judged: {string.Join(", ", NotJudged)})" : "")));
}
