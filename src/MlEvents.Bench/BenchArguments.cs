using System.Globalization;

namespace MlEvents.Bench;

/// <summary><c>--name value</c> pairs (and repeated <c>--set Key=Value</c>) after the verb; unknown names are errors.</summary>
public sealed class BenchArguments
{
    private readonly Dictionary<string, string> _values = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _settings = new(StringComparer.Ordinal);

    private BenchArguments()
    {
    }

    public IReadOnlyDictionary<string, string> Settings => _settings;

    public static BenchArguments Parse(IReadOnlyList<string> args, IReadOnlyCollection<string> allowed)
    {
        ArgumentNullException.ThrowIfNull(args);
        var parsed = new BenchArguments();
        for (var i = 0; i < args.Count; i++)
        {
            var name = args[i];
            if (!name.StartsWith("--", StringComparison.Ordinal) || i + 1 >= args.Count)
            {
                throw new FormatException($"expected --name value, got '{name}'");
            }

            var value = args[++i];
            if (name == "--set")
            {
                var pair = value.Split('=', 2);
                if (pair.Length != 2)
                {
                    throw new FormatException($"--set expects Key=Value (e.g. Worker:MaxInFlightPerPartition=1000), got '{value}'");
                }

                parsed._settings[pair[0]] = pair[1];
            }
            else if (allowed.Contains(name[2..]))
            {
                parsed._values[name[2..]] = value;
            }
            else
            {
                throw new FormatException($"unknown option {name} (known: {string.Join(", ", allowed.Select(a => "--" + a))}, --set)");
            }
        }

        return parsed;
    }

    public string? Text(string name) => _values.GetValueOrDefault(name);

    public long Long(string name, long fallback) =>
        _values.TryGetValue(name, out var text) ? long.Parse(text.Replace("_", "", StringComparison.Ordinal), CultureInfo.InvariantCulture) : fallback;

    public double Double(string name, double fallback) =>
        _values.TryGetValue(name, out var text) ? double.Parse(text, CultureInfo.InvariantCulture) : fallback;

    public int? Int(string name) => _values.TryGetValue(name, out var text) ? int.Parse(text, CultureInfo.InvariantCulture) : null;
}
