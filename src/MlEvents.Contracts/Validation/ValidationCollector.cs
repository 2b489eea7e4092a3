using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace MlEvents.Contracts.Validation;

/// <summary>The individual rules, each adding a <see cref="ValidationError"/> for the field path it is given.</summary>
internal sealed partial class ValidationCollector
{
    private List<ValidationError>? _errors;

    public IReadOnlyList<ValidationError> Errors => _errors ?? (IReadOnlyList<ValidationError>)[];

    public void Add(string field, string reason) => (_errors ??= []).Add(new ValidationError(field, reason));

    public void RequiredId(string field, string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            Add(field, "is required and must not be empty or whitespace");
            return;
        }
        Text(field, value, EventLimits.MaxIdLength);
    }

    public void OptionalId(string field, string? value)
    {
        if (value is null) return;
        RequiredId(field, value);
    }

    public void RequiredName(string field, string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            Add(field, "is required and must not be empty or whitespace");
            return;
        }
        Text(field, value, EventLimits.MaxNameLength);
    }

    public void OptionalName(string field, string? value)
    {
        if (value is null) return;
        RequiredName(field, value);
    }

    public void Description(string field, string? value)
    {
        if (value is null) return;
        var bytes = Encoding.UTF8.GetByteCount(value);
        if (bytes > EventLimits.MaxDescriptionBytes)
        {
            Add(field, $"is {bytes} UTF-8 bytes, more than the limit of {EventLimits.MaxDescriptionBytes}");
        }
    }

    public void Platform(string field, string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            Add(field, "is required and must not be empty or whitespace");
        }
        else if (value.Length > EventLimits.MaxIdLength)
        {
            Add(field, $"is {value.Length} characters long, more than the limit of {EventLimits.MaxIdLength}");
        }
        else if (!PlatformRegex().IsMatch(value))
        {
            Add(field, $"'{Shorten(value)}' is not a platform name: only letters, digits, '_', '-' and '.' are allowed");
        }
    }

    public void Environment(string field, string? value, bool required)
    {
        if (value is null && !required) return;
        if (value is null || !EventLimits.FabricTypes.Contains(value))
        {
            Add(field, $"'{Shorten(value ?? "")}' is not a DataHub FabricType (expected one of: {string.Join(", ", EventLimits.FabricTypes)})");
        }
    }

    public void Url(string field, string? value)
    {
        if (value is null) return;
        if (value.Length > EventLimits.MaxUrlLength)
        {
            Add(field, $"is {value.Length} characters long, more than the limit of {EventLimits.MaxUrlLength}");
        }
        else if (!SchemeRegex().IsMatch(value) || !Uri.TryCreate(value, UriKind.Absolute, out _))
        {
            Add(field, $"'{Shorten(value)}' is not an absolute URL with a scheme (e.g. https://..., s3://...)");
        }
    }

    public void Timestamp(string field, long? value)
    {
        if (value is not { } v) return;
        if (v < 0)
        {
            Add(field, $"{v} is negative: expected epoch milliseconds");
        }
        else if (v < EventLimits.MinEpochMillis)
        {
            Add(field, $"{v} looks like seconds, not epoch milliseconds (it is before 1973-03-03 as milliseconds)");
        }
        else if (v >= EventLimits.MicrosecondsThreshold)
        {
            Add(field, $"{v} looks like microseconds or nanoseconds, not epoch milliseconds");
        }
        else if (v >= EventLimits.MaxEpochMillis)
        {
            Add(field, $"{v} is too far in the future (after 2100-01-01) for epoch milliseconds");
        }
    }

    public void Properties(string field, IReadOnlyDictionary<string, string> map)
    {
        if (!Count(field, map.Count)) return;
        foreach (var (key, value) in map)
        {
            if (!Key(field, key)) continue;
            var bytes = Encoding.UTF8.GetByteCount(value);
            if (bytes > EventLimits.MaxPropertyValueBytes)
            {
                Add($"{field}.{key}", $"value is {bytes} UTF-8 bytes, more than the limit of {EventLimits.MaxPropertyValueBytes}");
            }
        }
    }

    public void Metrics(string field, IReadOnlyDictionary<string, double> map)
    {
        if (!Count(field, map.Count)) return;
        foreach (var (key, value) in map)
        {
            if (!Key(field, key)) continue;
            if (!double.IsFinite(value))
            {
                Add($"{field}.{key}", $"is {value.ToString(CultureInfo.InvariantCulture)}: metrics must be finite numbers (a NaN or infinite metric is a training bug to surface, and DataHub stores metrics as text)");
            }
        }
    }

    /// <summary>Checks the list's size, each item with <paramref name="checkItem"/>, and optionally duplicates.</summary>
    public void Items(string field, IReadOnlyList<string> items, Action<string, string?> checkItem, bool rejectDuplicates)
    {
        if (!Count(field, items.Count)) return;
        HashSet<string>? seen = rejectDuplicates && items.Count > 1 ? new(StringComparer.Ordinal) : null;
        for (var i = 0; i < items.Count; i++)
        {
            var path = $"{field}[{i}]";
            checkItem(path, items[i]);
            if (seen is not null && items[i] is { } item && !seen.Add(item))
            {
                Add(path, $"duplicate value '{Shorten(item)}'");
            }
        }
    }

    public bool Count(string field, int count)
    {
        if (count <= EventLimits.MaxCollectionItems) return true;
        Add(field, $"has {count} entries, more than the limit of {EventLimits.MaxCollectionItems}");
        return false;
    }

    private bool Key(string field, string key)
    {
        if (string.IsNullOrWhiteSpace(key))
        {
            Add($"{field}.{key}", "key must not be empty or whitespace");
            return false;
        }
        // The path is built only for a key that breaks a rule (this runs for every map entry of every event).
        return IsCleanText(key, EventLimits.MaxNameLength) || Text($"{field}.{key}", key, EventLimits.MaxNameLength, what: "key");
    }

    /// <summary>What <see cref="Text"/> accepts, without reporting.</summary>
    private static bool IsCleanText(string value, int maxLength)
    {
        if (value.Length > maxLength)
        {
            return false;
        }

        foreach (var c in value)
        {
            if (c < ' ' || (c >= 0x7F && (char.IsControl(c) || char.IsSurrogate(c))))
            {
                return false; // Text tells control characters and surrogates (paired or not) apart
            }
        }

        return true;
    }

    // Length, control characters and unpaired surrogates (which cannot be encoded as UTF-8).
    private bool Text(string field, string value, int maxLength, string what = "value")
    {
        if (value.Length > maxLength)
        {
            Add(field, $"{what} is {value.Length} characters long, more than the limit of {maxLength}");
            return false;
        }
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (char.IsControl(c))
            {
                Add(field, $"{what} contains the control character U+{(int)c:X4} at index {i}");
                return false;
            }
            if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(c))
            {
                Add(field, $"{what} contains an unpaired UTF-16 surrogate at index {i}");
                return false;
            }
        }
        return true;
    }

    private static string Shorten(string value) => value.Length <= 80 ? value : value[..80] + "…";

    [GeneratedRegex(EventLimits.PlatformPattern, RegexOptions.CultureInvariant)]
    private static partial Regex PlatformRegex();

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9+.-]*://?[^\\s]", RegexOptions.CultureInvariant)]
    private static partial Regex SchemeRegex();
}
