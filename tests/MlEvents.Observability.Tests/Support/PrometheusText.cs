using System.Globalization;
using System.Text.RegularExpressions;

namespace MlEvents.Observability.Tests.Support;

/// <summary>Reads samples out of a /metrics answer (Prometheus text format 0.0.4).</summary>
public static partial class PrometheusText
{
    public static IReadOnlyList<Sample> Parse(string text)
    {
        var samples = new List<Sample>();
        foreach (var line in text.Split('\n'))
        {
            var match = SampleLine().Match(line);
            if (match.Success)
            {
                var labels = LabelPair().Matches(match.Groups["labels"].Value).ToDictionary(m => m.Groups[1].Value, m => (string?)m.Groups[2].Value);
                samples.Add(new Sample(match.Groups["name"].Value, double.Parse(match.Groups["value"].Value, CultureInfo.InvariantCulture), labels));
            }
        }

        return samples;
    }

    /// <summary>The <c># TYPE</c> line of a metric family, e.g. <c>counter</c>; null when absent.</summary>
    public static string? TypeOf(string text, string family) =>
        text.Split('\n').FirstOrDefault(l => l.StartsWith($"# TYPE {family} ", StringComparison.Ordinal))?.Split(' ')[3];

    [GeneratedRegex(@"^(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(\{(?<labels>.*)\})? (?<value>\S+)( \d+)?$")]
    private static partial Regex SampleLine();

    [GeneratedRegex(@"([a-zA-Z_][a-zA-Z0-9_]*)=""((?:[^""\\]|\\.)*)""")]
    private static partial Regex LabelPair();
}
