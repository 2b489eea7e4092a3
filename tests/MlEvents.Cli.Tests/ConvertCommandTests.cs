using System.Text.Json.Nodes;

namespace MlEvents.Cli.Tests;

public sealed class ConvertCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("mlevents-convert-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static string RepositoryFile(params string[] parts)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "MlEvents.sln")))
            {
                return Path.Combine([dir.FullName, .. parts]);
            }
        }

        throw new DirectoryNotFoundException("MlEvents.sln not found above " + AppContext.BaseDirectory);
    }

    private static string SampleEvents => RepositoryFile("samples", "airline-forecast.events.jsonl");

    private string WriteInput(params string[] lines)
    {
        var path = Path.Combine(_dir, "events.jsonl");
        File.WriteAllLines(path, lines);
        return path;
    }

    private const string GoodRun = """{"eventId":"e-1","eventTime":1700000000000,"platform":"mlflow","type":"RunStarted","payload":{"runId":"r1","hyperParams":{"lr":"0.1"}}}""";

    [Fact]
    public async Task Converts_the_sample_into_the_committed_mcp_file()
    {
        var output = Path.Combine(_dir, "mcps.json");
        var run = await CliRunner.RunAsync("convert", "--file", SampleEvents, "--output", output);
        Assert.Equal(0, run.ExitCode);
        Assert.Equal(File.ReadAllText(RepositoryFile("samples", "airline-forecast.mcps.json")).ReplaceLineEndings("\n").TrimEnd('\n'), File.ReadAllText(output).TrimEnd('\n'));
        Assert.Contains("converted 6 of 6 events into 27 MCPs (patch mode, guid URNs)", run.Error, StringComparison.Ordinal);
        Assert.Equal("", run.Output);
    }

    [Fact]
    public async Task Writes_to_standard_output_by_default()
    {
        var run = await CliRunner.RunAsync("convert", "-f", SampleEvents);
        Assert.Equal(0, run.ExitCode);
        var mcps = JsonNode.Parse(run.Output)!.AsArray();
        Assert.Equal(27, mcps.Count);
        Assert.All(mcps, m => Assert.NotNull(m!["aspect"]!["json"]));
    }

    [Fact]
    public async Task Upsert_mode_and_readable_urns_are_selectable()
    {
        var run = await CliRunner.RunAsync("convert", "-f", SampleEvents, "-o", "-", "--write-mode", "upsert", "--urn-style", "readable");
        Assert.Equal(0, run.ExitCode);
        var mcps = JsonNode.Parse(run.Output)!.AsArray();
        Assert.All(mcps, m => Assert.Equal("UPSERT", (string)m!["changeType"]!));
        Assert.Contains(mcps, m => (string)m!["entityUrn"]! == "urn:li:dataProcessInstance:simple_training_run_4");
    }

    [Fact]
    public async Task Bad_lines_are_reported_with_line_number_field_and_reason_and_good_lines_still_convert()
    {
        var input = WriteInput(
            GoodRun,
            "",
            """{"eventId":"e-2","eventTime":1700000000000,"platform":"mlflow","type":"RunStarted","payload":{"runid":"r2"}}""",
            """{"eventId":"e-3","eventTime":1700000000000,"platform":"mlflow","type":"RunFinished","payload":{"runId":"r3","result":"CRASHED"}}""",
            """{"eventId":"","eventTime":17,"platform":"mlflow","type":"RunStarted","payload":{"runId":"r4"}}""",
            """{"eventId":"e-5","eventTime":1700000000000,"platform":"mlflow","type":"ModelStageChanged","payload":{"modelName":"m","version":"1","stage":"Production "}}""",
            "not json",
            GoodRun.Replace("r1", "r6", StringComparison.Ordinal));
        var output = Path.Combine(_dir, "out.json");
        var run = await CliRunner.RunAsync("convert", "--file", input, "--output", output);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("line 3: payload.runid: unknown field 'runid'", run.Error, StringComparison.Ordinal);
        Assert.Contains("line 4: payload.result: unknown RunResult symbol 'CRASHED'", run.Error, StringComparison.Ordinal);
        Assert.Contains("line 5: eventId: is required", run.Error, StringComparison.Ordinal);
        Assert.Contains("line 5: eventTime: 17 looks like seconds", run.Error, StringComparison.Ordinal);
        Assert.Contains("line 6: payload.stage: ends in whitespace", run.Error, StringComparison.Ordinal);
        Assert.Contains("line 7: ", run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("line 1:", run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("line 2:", run.Error, StringComparison.Ordinal);
        Assert.Contains("converted 2 of 7 events", run.Error, StringComparison.Ordinal);
        Assert.Contains("5 line(s) failed", run.Error, StringComparison.Ordinal);

        var mcps = JsonNode.Parse(File.ReadAllText(output))!.AsArray();
        Assert.Equal(2, mcps.Select(m => (string)m!["entityUrn"]!).Distinct().Count()); // runs r1 and r6
    }

    [Theory]
    [InlineData("convert")]
    [InlineData("convert", "--file")]
    [InlineData("convert", "--file", "{events}", "--write-mode", "merge")]
    [InlineData("convert", "--file", "{events}", "--urn-style", "pretty")]
    [InlineData("convert", "--file", "{events}", "--model-version-separator", "a,b")]
    [InlineData("convert", "--file", "{events}", "stray")]
    [InlineData("convert", "--file", "{events}", "--unknown-option", "x")]
    [InlineData("convert", "--file", "{missing}")]
    [InlineData("convert", "--file", "{events}", "--output", "{under-a-file}")]
    public async Task Usage_and_io_errors_exit_with_2_and_say_why(params string[] args)
    {
        var events = WriteInput(GoodRun);
        var resolved = args.Select(a => a
            .Replace("{events}", events, StringComparison.Ordinal)
            .Replace("{missing}", Path.Combine(_dir, "missing.jsonl"), StringComparison.Ordinal)
            .Replace("{under-a-file}", Path.Combine(events, "out.json"), StringComparison.Ordinal)).ToArray();
        var run = await CliRunner.RunAsync(resolved);
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("error: ", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Help_teaches_the_input_format_the_modes_and_the_exit_codes()
    {
        var run = await CliRunner.RunAsync("convert", "--help");
        Assert.Equal(0, run.ExitCode);
        foreach (var text in new[] { "one event per line", "\"type\"", "patch", "upsert", "guid", "readable", "--file", "--output", "Exit codes", "Examples:", "docs/MAPPING.md" })
        {
            Assert.Contains(text, run.Output, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Root_help_lists_convert()
    {
        var run = await CliRunner.RunAsync("--help");
        Assert.Contains("convert", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Creates_the_folder_of_the_output_file()
    {
        var output = Path.Combine(_dir, "out", "nested", "mcps.json");

        var run = await CliRunner.RunAsync("convert", "--file", SampleEvents, "--output", output);

        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Equal(27, JsonNode.Parse(File.ReadAllText(output))!.AsArray().Count);
    }

    [Fact]
    public async Task An_empty_input_gives_an_empty_array()
    {
        var run = await CliRunner.RunAsync("convert", "--file", WriteInput("", "  "));
        Assert.Equal(0, run.ExitCode);
        Assert.Empty(JsonNode.Parse(run.Output)!.AsArray());
    }

    [Fact]
    public async Task Reads_standard_input_with_a_dash()
    {
        var original = Console.In;
        Console.SetIn(new StringReader(GoodRun + "\n"));
        try
        {
            var run = await CliRunner.RunAsync("convert", "--file", "-", "--output", "-");
            Assert.Equal(0, run.ExitCode);
            Assert.Contains("urn:li:dataProcessInstance:", run.Output, StringComparison.Ordinal);
        }
        finally
        {
            Console.SetIn(original);
        }
    }
}
