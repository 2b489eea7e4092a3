using System.CommandLine;
using System.CommandLine.Help;
using MlEvents.Cli.Conventions;

namespace MlEvents.Cli;

/// <summary>Builds the <c>mlevents</c> command tree; <c>Program</c> and the tests invoke it the same way.</summary>
public static class MlEventsCli
{
    private const string Description = """
        mlevents: publish ML training lifecycle events and turn them into DataHub metadata.

        Conventions of every command (docs/CLI.md): durations as 500ms, 10s, 2m, 1h (a bare number is seconds);
        connection flags fall back to MLEVENTS_* environment variables; exit codes 0 ok, 1 some items failed,
        2 wrong command line, 3 Kafka or the Schema Registry unreachable. 'mlevents <command> --help' has examples.
        """;

    public static RootCommand CreateRootCommand()
    {
        var root = new RootCommand(Description);
        var summaries = new List<(string Name, string Summary)>();
        foreach (var (command, summary) in CliCommands.All())
        {
            root.Subcommands.Add(command);
            summaries.Add((command.Name, summary));
        }

        foreach (var option in root.Options.OfType<HelpOption>())
        {
            option.Action = new RootHelpAction(option.Action!, summaries);
        }

        root.Action = new CliAction(
            (_, _) => Task.FromResult((int)ExitCode.Usage),
            parseResult => ["a command is required: " + string.Join(", ", parseResult.RootCommandResult.Command.Subcommands.Select(c => c.Name))]);
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
