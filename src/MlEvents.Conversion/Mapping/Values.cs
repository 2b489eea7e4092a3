using System.Globalization;

namespace MlEvents.Conversion.Mapping;

/// <summary>Small deterministic conversions shared by the mappings.</summary>
internal static class Values
{
    /// <summary>Entries in ordinal key order, so equal events give byte-identical aspects.</summary>
    public static IEnumerable<KeyValuePair<string, T>> Ordered<T>(IReadOnlyDictionary<string, T> map) =>
        map.OrderBy(e => e.Key, StringComparer.Ordinal);

    public static IReadOnlyDictionary<string, string> SortedMap(IReadOnlyDictionary<string, string> map) =>
        new SortedDictionary<string, string>(map.ToDictionary(), StringComparer.Ordinal);

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
