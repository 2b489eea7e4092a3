using System.Globalization;
using MlEvents.Contracts.Collections;

namespace MlEvents.Conversion.Mapping;

/// <summary>Small deterministic conversions shared by the mappings.</summary>
internal static class Values
{
    /// <summary>Entries in ordinal key order, so equal events give byte-identical aspects.</summary>
    public static KeyValuePair<string, T>[] Ordered<T>(IReadOnlyDictionary<string, T> map)
    {
        var entries = new KeyValuePair<string, T>[map.Count];
        var i = 0;
        foreach (var entry in map)
        {
            entries[i++] = entry;
        }

        if (entries.Length > 1)
        {
            Array.Sort(entries, static (a, b) => string.CompareOrdinal(a.Key, b.Key)); // keys are unique: no tie to order
        }

        return entries;
    }

    /// <summary>The map with its entries in ordinal key order (a <see cref="ValueMap{TValue}"/> keeps insertion order).</summary>
    public static IReadOnlyDictionary<string, string> SortedMap(IReadOnlyDictionary<string, string> map) =>
        ValueMap<string>.From(Ordered(map));

    /// <summary>
    /// A metric as DataHub's MLflow source writes it (Python <c>str(float)</c>): shortest round-trip digits,
    /// <c>1.0</c> not <c>1</c>, exponent form <c>1e-05</c> below 1e-4 and from 1e16 on.
    /// </summary>
    public static string Metric(double value) => PythonFloat.Repr(value);

    /// <summary>Python <c>str(version).zfill(10)</c>, the MLflow source's <c>sortId</c>.</summary>
    public static string SortId(string version)
    {
        const int width = 10;
        if (version.Length >= width)
        {
            return version;
        }

        var sign = version.Length > 0 && version[0] is '+' or '-' ? version[..1] : "";
        return sign + new string('0', width - version.Length) + version[sign.Length..];
    }

    public static string Invariant(long value) => value.ToString(CultureInfo.InvariantCulture);
}
