using System.CommandLine;
using System.CommandLine.Invocation;

namespace MlEvents.Cli.Conventions;

/// <summary>
/// <c>mlevents --help</c> lists each command by its one-line summary so it fits one screen; <c>mlevents X --help</c> is
/// System.CommandLine's full help, with the command's description, options and examples.
/// </summary>
internal sealed class RootHelpAction(CommandLineAction defaultHelp, IReadOnlyList<(string Name, string Summary)> commands) : SynchronousCommandLineAction
{
    public override bool ClearsParseErrors => true;

    public override int Invoke(ParseResult parseResult)
    {
        if (parseResult.CommandResult.Command is not RootCommand root)
        {
            return defaultHelp is SynchronousCommandLineAction synchronous ? synchronous.Invoke(parseResult) : (int)ExitCode.Ok;
        }

        var output = parseResult.InvocationConfiguration.Output;
        var width = commands.Max(c => c.Name.Length) + 2;
        output.WriteLine(root.Description?.TrimEnd());
        output.WriteLine();
        output.WriteLine("Usage: mlevents <command> [options]");
        output.WriteLine();
        output.WriteLine("Commands:");
        foreach (var (name, summary) in commands)
        {
            output.WriteLine($"  {name.PadRight(width)}{summary}");
        }

        output.WriteLine();
        output.WriteLine("Options:");
        output.WriteLine($"  {"-h, --help".PadRight(14)}Show help (of a command: mlevents <command> --help)");
        output.WriteLine($"  {"--version".PadRight(14)}Show version information");
        return (int)ExitCode.Ok;
    }
}
