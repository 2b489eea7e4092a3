using MlEvents.Contracts;
using MlEvents.Conversion.Tests.DataHub;
using MlEvents.DataHub.Mcps;

namespace MlEvents.Conversion.Tests.Conversion;

/// <summary>The guide's scenario (samples/airline-forecast.events.jsonl) and helpers to convert it.</summary>
internal static class Samples
{
    public static string RepositoryRoot => Path.GetFullPath(Path.Combine(TestPaths.SourceProjectDirectory, "..", ".."));

    public static string EventsFile => Path.Combine(RepositoryRoot, "samples", "airline-forecast.events.jsonl");

    public static string McpsFile => Path.Combine(RepositoryRoot, "samples", "airline-forecast.mcps.json");

    public static IReadOnlyList<MlEvent> AirlineForecast() =>
        [.. File.ReadAllLines(EventsFile).Where(l => l.Trim().Length > 0).Select(MlEventJson.Parse)];

    public static IReadOnlyList<MetadataChangeProposal> Convert(IEnumerable<MlEvent> events, ConversionOptions? options = null)
    {
        var converter = new EventConverter(options ?? new ConversionOptions());
        return [.. events.SelectMany(converter.Convert)];
    }
}
