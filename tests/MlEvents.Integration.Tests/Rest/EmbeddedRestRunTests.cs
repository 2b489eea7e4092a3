using Microsoft.Extensions.Configuration;
using MlEvents.DataHub.Serialization;
using MlEvents.DevHost.Embedded;
using MlEvents.Integration.Tests.EndToEnd;
using Xunit.Abstractions;

namespace MlEvents.Integration.Tests.Rest;

/// <summary>The embedded run with the REST sink, one setting away from the Kafka sink's: the GMS stand-in instead of the MCP topic.</summary>
public sealed class EmbeddedRestRunTests(ITestOutputHelper output)
{
    [Fact]
    public async Task With_DataHub_Sink_Rest_the_embedded_run_posts_to_the_GMS_stand_in_and_GMS_holds_the_converters_MCPs()
    {
        var (exitCode, text, outputPath) = await RunAsync(new() { ["DataHub:Sink"] = "Rest" });

        Assert.Equal(0, exitCode);
        var expected = TestEvents.Expected(TestEvents.Scenario());
        Assert.Contains($"{expected.Count} of {expected.Count} MCPs accepted by GMS over REST", text, StringComparison.Ordinal);
        Assert.Contains($"{expected.Count} MCPs applied, 0 events refused", text, StringComparison.Ordinal);
        Assert.Contains("OK: DataHub GMS (stand-in) holds exactly what the converter makes of the events", text, StringComparison.Ordinal);
        Assert.DoesNotContain("embedded-", text.Replace("Embedded", "", StringComparison.Ordinal), StringComparison.Ordinal); // the run's token is never printed
        var written = await McpJsonFile.ReadAsync(outputPath);
        Assert.Equal(expected.Select(TestEvents.Identity), written.Select(TestEvents.Identity));
    }

    [Fact]
    public async Task Over_REST_the_MCPs_GMS_refuses_dead_letter_their_events_at_once_and_the_run_fails_naming_them()
    {
        var (exitCode, text, _) = await RunAsync(new() { ["DataHub:Sink"] = "Rest", ["Conversion:WriteMode"] = "GenericPatch" });

        Assert.Equal(1, exitCode);
        Assert.Contains("refused: event ", text, StringComparison.Ordinal);
        Assert.Contains("HTTP 500 java.lang.UnsupportedOperationException", text, StringComparison.Ordinal);
        Assert.Matches(@"; [1-9]\d* events dead-lettered to mlevents\.events\.dlq", text);
        Assert.Contains("error: DataHub refused the MCPs of", text, StringComparison.Ordinal);
    }

    private async Task<(int ExitCode, string Text, string OutputPath)> RunAsync(Dictionary<string, string?> settings)
    {
        var outputPath = Path.Combine(Path.GetTempPath(), $"mlevents-{Guid.NewGuid():N}", "mcps.json");
        settings["Embedded:OutputPath"] = outputPath;
        settings["Embedded:Timeout"] = "00:00:30";
        using var text = new StringWriter();
        var exitCode = await EmbeddedRun.RunAsync(new ConfigurationBuilder().AddInMemoryCollection(settings).Build(), text);
        output.WriteLine(text.ToString());
        return (exitCode, text.ToString(), outputPath);
    }
}
