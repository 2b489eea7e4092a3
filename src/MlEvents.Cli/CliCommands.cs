using System.CommandLine;

namespace MlEvents.Cli;

/// <summary>The sub-commands of <c>mlevents</c>, in the order <c>--help</c> lists them, each with its one-line summary.</summary>
internal static class CliCommands
{
    public static IEnumerable<(Command Command, string Summary)> All()
    {
        yield return (ConvertCommand.Create(), ConvertCommand.Summary);
        yield return (PublishCommand.Create(), PublishCommand.Summary);
        yield return (LagCommand.Create(), LagCommand.Summary);
        yield return (RejectionsCommand.Create(), RejectionsCommand.Summary);
    }
}
