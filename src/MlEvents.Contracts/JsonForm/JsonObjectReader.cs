using System.Text.Json;
using MlEvents.Contracts.Collections;

namespace MlEvents.Contracts.JsonForm;

/// <summary>
/// Strict, path-aware reading of one JSON object: unknown and duplicate properties are rejected up front,
/// every error names the field (<c>payload.inputDatasets[1].name</c>).
/// </summary>
internal readonly struct JsonObjectReader
{
    private readonly JsonElement _object;
    private readonly string _prefix;

    private JsonObjectReader(JsonElement obj, string prefix)
    {
        _object = obj;
        _prefix = prefix;
    }

    /// <param name="element">The element that must be an object.</param>
    /// <param name="path">Its path for errors (<c>$</c> for the document).</param>
    /// <param name="prefix">Prefix of its fields' paths (<c>""</c> for the document, else <c>path + "."</c>).</param>
    /// <param name="allowed">The field names it may have.</param>
    public static JsonObjectReader Open(JsonElement element, string path, string prefix, IReadOnlyCollection<string> allowed)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw new EventFormatException(path, $"must be a JSON object, got {Describe(element)}");
        }
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var property in element.EnumerateObject())
        {
            if (!allowed.Contains(property.Name))
            {
                throw new EventFormatException(prefix + property.Name, $"unknown field '{property.Name}' (expected one of: {string.Join(", ", allowed)})");
            }
            if (!seen.Add(property.Name))
            {
                throw new EventFormatException(prefix + property.Name, "duplicate field");
            }
        }
        return new JsonObjectReader(element, prefix);
    }

    public string PathOf(string name) => _prefix + name;

    public bool TryGet(string name, out JsonElement value) =>
        _object.TryGetProperty(name, out value) && value.ValueKind != JsonValueKind.Null;

    public JsonElement Required(string name) =>
        _object.TryGetProperty(name, out var value)
            ? value
            : throw new EventFormatException(PathOf(name), "required field is missing");

    public string RequiredString(string name) => AsString(Required(name), PathOf(name));

    public string? OptionalString(string name) => TryGet(name, out var value) ? AsString(value, PathOf(name)) : null;

    public long RequiredLong(string name) => AsLong(Required(name), PathOf(name));

    public long? OptionalLong(string name) => TryGet(name, out var value) ? AsLong(value, PathOf(name)) : null;

    public ValueMap<string> StringMap(string name)
    {
        if (!_object.TryGetProperty(name, out var value)) return ValueMap<string>.Empty;
        var path = PathOf(name);
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var property in EnumerateMap(value, path))
        {
            if (!result.TryAdd(property.Name, AsString(property.Value, $"{path}.{property.Name}")))
            {
                throw new EventFormatException($"{path}.{property.Name}", "duplicate key");
            }
        }
        return ValueMap<string>.Wrap(result);
    }

    public ValueMap<double> DoubleMap(string name)
    {
        if (!_object.TryGetProperty(name, out var value)) return ValueMap<double>.Empty;
        var path = PathOf(name);
        var result = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var property in EnumerateMap(value, path))
        {
            if (!result.TryAdd(property.Name, AsDouble(property.Value, $"{path}.{property.Name}")))
            {
                throw new EventFormatException($"{path}.{property.Name}", "duplicate key");
            }
        }
        return ValueMap<double>.Wrap(result);
    }

    public ValueMap<long> LongMap(string name)
    {
        if (!_object.TryGetProperty(name, out var value)) return ValueMap<long>.Empty;
        var path = PathOf(name);
        var result = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var property in EnumerateMap(value, path))
        {
            if (!result.TryAdd(property.Name, AsLong(property.Value, $"{path}.{property.Name}")))
            {
                throw new EventFormatException($"{path}.{property.Name}", "duplicate key");
            }
        }
        return ValueMap<long>.Wrap(result);
    }

    public ValueList<string> RequiredStringList(string name)
    {
        Required(name);
        return StringList(name);
    }

    public ValueList<string> StringList(string name) => List(name, static (item, path) => AsString(item, path));

    public ValueList<T> List<T>(string name, Func<JsonElement, string, T> readItem)
    {
        if (!_object.TryGetProperty(name, out var value)) return ValueList<T>.Empty;
        var path = PathOf(name);
        if (value.ValueKind != JsonValueKind.Array)
        {
            throw new EventFormatException(path, $"must be a JSON array, got {Describe(value)}");
        }
        var result = new T[value.GetArrayLength()];
        var i = 0;
        foreach (var item in value.EnumerateArray())
        {
            result[i] = readItem(item, $"{path}[{i}]");
            i++;
        }
        return ValueList<T>.Wrap(result);
    }

    public static string AsString(JsonElement value, string path) =>
        value.ValueKind == JsonValueKind.String
            ? value.GetString()!
            : throw new EventFormatException(path, $"must be a string, got {Describe(value)}");

    public static string Describe(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => $"the number {value.GetRawText()}",
        JsonValueKind.True or JsonValueKind.False => $"the boolean {value.GetRawText()}",
        JsonValueKind.Null => "null",
        _ => value.ValueKind.ToString(),
    };

    private static long AsLong(JsonElement value, string path) =>
        value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var result)
            ? result
            : throw new EventFormatException(path, $"must be an integer (epoch milliseconds), got {Describe(value)}");

    // Metrics may be numbers, or the literals "NaN", "Infinity", "-Infinity" that JSON numbers cannot express
    // (they then fail validation with a clear reason instead of failing to parse).
    private static double AsDouble(JsonElement value, string path) => value.ValueKind switch
    {
        JsonValueKind.Number => value.GetDouble(),
        JsonValueKind.String when value.ValueEquals("NaN") => double.NaN,
        JsonValueKind.String when value.ValueEquals("Infinity") => double.PositiveInfinity,
        JsonValueKind.String when value.ValueEquals("-Infinity") => double.NegativeInfinity,
        _ => throw new EventFormatException(path, $"must be a number, got {Describe(value)}"),
    };

    private static JsonElement.ObjectEnumerator EnumerateMap(JsonElement value, string path) =>
        value.ValueKind == JsonValueKind.Object
            ? value.EnumerateObject()
            : throw new EventFormatException(path, $"must be a JSON object (a map), got {Describe(value)}");
}
