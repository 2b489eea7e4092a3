namespace MlEvents.Cli.Tests;

public sealed class RootCommandTests
{
    [Fact]
    public async Task An_unknown_command_fails_with_a_message_on_stderr()
    {
        var run = await CliRunner.RunAsync("no-such-command");

        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains("no-such-command", run.Error);
    }

    [Fact]
    public async Task Help_names_the_tool_and_succeeds()
    {
        var run = await CliRunner.RunAsync("--help");

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("mlevents", run.Output);
    }
}
