using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using MlEvents.Observability.Hosting;

namespace MlEvents.Integration.Tests.Operations;

/// <summary>Reads a running worker host's /metrics and /readyz over HTTP (its metrics server bound to a free port).</summary>
public sealed partial class MetricsScraper(IHost host) : IDisposable
{
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(10) };

    private Uri Address => host.Services.GetServices<IHostedService>().OfType<MetricsServerHostedService>().Single().Address
        ?? throw new InvalidOperationException("The worker's metrics server is not listening.");

    public async Task<string> MetricsAsync() => await _http.GetStringAsync(new Uri(Address, "/metrics"));

    public async Task<(HttpStatusCode Status, string Body)> ReadinessAsync()
    {
        using var response = await _http.GetAsync(new Uri(Address, "/readyz"));
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    /// <summary>Every sample of <paramref name="name"/> whose labels include all of <paramref name="labels"/>.</summary>
    public static IReadOnlyList<(IReadOnlyDictionary<string, string> Labels, double Value)> Samples(
        string text, string name, params (string Key, string Value)[] labels)
    {
        var samples = new List<(IReadOnlyDictionary<string, string>, double)>();
        foreach (var line in text.Split('\n'))
        {
            var match = SampleLine().Match(line);
            if (!match.Success || match.Groups["name"].Value != name)
            {
                continue;
            }

            var parsed = LabelPair().Matches(match.Groups["labels"].Value).ToDictionary(m => m.Groups[1].Value, m => m.Groups[2].Value);
            if (labels.All(l => parsed.TryGetValue(l.Key, out var v) && v == l.Value))
            {
                samples.Add((parsed, double.Parse(match.Groups["value"].Value, CultureInfo.InvariantCulture)));
            }
        }

        return samples;
    }

    public static double Sum(string text, string name, params (string Key, string Value)[] labels) =>
        Samples(text, name, labels).Sum(s => s.Value);

    public void Dispose() => _http.Dispose();

    [GeneratedRegex(@"^(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(\{(?<labels>.*)\})? (?<value>\S+)$")]
    private static partial Regex SampleLine();

    [GeneratedRegex(@"([a-zA-Z_][a-zA-Z0-9_]*)=""((?:[^""\\]|\\.)*)""")]
    private static partial Regex LabelPair();
}
