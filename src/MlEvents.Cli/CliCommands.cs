using System.CommandLine;

namespace MlEvents.Cli;

/// <summary>The sub-commands of <c>mlevents</c>, in the order <c>--help</c> lists them. Each lives in Commands/.</summary>
internal static class CliCommands
{
    public static IEnumerable<Command> All()
    {
        yield return ConvertCommand.Create();
        yield return PublishCommand.Create();
        yield return LagCommand.Create();
    }
}
