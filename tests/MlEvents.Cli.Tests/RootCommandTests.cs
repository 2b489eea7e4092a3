namespace MlEvents.Cli.Tests;

public sealed class RootCommandTests
{
    [Fact]
    public async Task An_unknown_command_is_a_usage_error_naming_it()
    {
        var run = await CliRunner.RunAsync("no-such-command");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("'no-such-command'", run.Error);
    }

    [Fact]
    public async Task No_command_is_a_usage_error_listing_the_commands()
    {
        var run = await CliRunner.RunAsync();

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("a command is required: convert, publish, lag", run.Error);
    }

    [Fact]
    public async Task Help_fits_one_screen_with_one_line_per_command_and_the_conventions()
    {
        var run = await CliRunner.RunAsync("--help");

        Assert.Equal(0, run.ExitCode);
        var lines = run.Output.TrimEnd().Split('\n');
        Assert.True(lines.Length <= 24 && lines.All(l => l.TrimEnd().Length <= 120), run.Output);
        foreach (var command in new[] { "convert", "publish", "lag", "rejections" })
        {
            Assert.Single(lines, l => l.StartsWith($"  {command} ", StringComparison.Ordinal));
        }

        Assert.Contains("exit codes 0 ok, 1 some items failed", run.Output);
        Assert.Contains("docs/CLI.md", run.Output);
    }

    [Theory]
    [InlineData("convert")]
    [InlineData("publish")]
    [InlineData("lag")]
    public async Task Each_command_help_keeps_its_examples_and_exit_codes(string command)
    {
        var run = await CliRunner.RunAsync(command, "--help");

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("Examples:", run.Output);
        Assert.Contains("Exit codes:", run.Output);
        Assert.Contains($"mlevents {command}", run.Output);
    }
}
