using System.CommandLine;

namespace MlEvents.Cli;

/// <summary>Builds the <c>mlevents</c> command tree; <c>Program</c> and the tests invoke it the same way.</summary>
public static class MlEventsCli
{
    public static RootCommand CreateRootCommand()
    {
        var root = new RootCommand("mlevents: publish ML training lifecycle events and turn them into DataHub metadata.");
        foreach (var command in CliCommands.All())
        {
            root.Subcommands.Add(command);
        }

        return root;
    }

    /// <summary>Parses and runs <paramref name="args"/>, writing to <paramref name="output"/>/<paramref name="error"/> (the console when null).</summary>
    public static Task<int> RunAsync(string[] args, TextWriter? output = null, TextWriter? error = null, CancellationToken cancellationToken = default)
    {
        var configuration = new InvocationConfiguration();
        if (output is not null)
        {
            configuration.Output = output;
        }

        if (error is not null)
        {
            configuration.Error = error;
        }

        return CreateRootCommand().Parse(args).InvokeAsync(configuration, cancellationToken);
    }
}
