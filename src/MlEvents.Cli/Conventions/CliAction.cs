using System.CommandLine;
using System.CommandLine.Invocation;
using System.Text.RegularExpressions;

namespace MlEvents.Cli.Conventions;

/// <summary>
/// The action of every <c>mlevents</c> command; it owns the usage conventions. Parse errors (unknown flag, missing value,
/// a required flag not given) and the command's own <c>checks</c> (required values that may come from environment
/// variables) are reported together, one <c>error:</c> line each, with exit code 2, before anything runs. A
/// <see cref="UsageException"/> thrown while running is reported the same way.
/// </summary>
internal sealed partial class CliAction(Func<ParseResult, CancellationToken, Task<int>> run, Func<ParseResult, IEnumerable<string>>? checks = null)
    : AsynchronousCommandLineAction
{
    public override bool ClearsParseErrors => true;

    public override async Task<int> InvokeAsync(ParseResult parseResult, CancellationToken cancellationToken = default)
    {
        var error = parseResult.InvocationConfiguration.Error;
        // Unknown tokens are reported once, by name (clearing parse errors can drop their error while keeping the tokens).
        var unknown = parseResult.UnmatchedTokens.Select(token => $"unknown flag or argument '{token}'").ToList();
        var problems = parseResult.Errors.Select(e => RequiredOption().Replace(e.Message, "$1 is required"))
            .Where(message => !parseResult.UnmatchedTokens.Any(token => message.Contains($"'{token}'", StringComparison.Ordinal)))
            .Concat(unknown)
            .ToList();
        try
        {
            if (checks is not null) problems.AddRange(checks(parseResult));
            if (problems.Count > 0) return await UsageAsync(parseResult, problems, error).ConfigureAwait(false);
            return await run(parseResult, cancellationToken).ConfigureAwait(false);
        }
        catch (UsageException e)
        {
            return await UsageAsync(parseResult, [.. problems, .. e.Problems], error).ConfigureAwait(false);
        }
    }

    private static async Task<int> UsageAsync(ParseResult parseResult, IEnumerable<string> problems, TextWriter error)
    {
        foreach (var problem in problems.Distinct(StringComparer.Ordinal))
        {
            await error.WriteLineAsync($"error: {problem}").ConfigureAwait(false);
        }

        await error.WriteLineAsync($"Run '{CommandPath(parseResult.CommandResult.Command)} --help' for usage and examples.").ConfigureAwait(false);
        return (int)ExitCode.Usage;
    }

    [GeneratedRegex(@"^Option '(.+)' is required\.$")]
    private static partial Regex RequiredOption();

    private static string CommandPath(Command command)
    {
        var names = new List<string>();
        for (Symbol? symbol = command; symbol is Command current; symbol = current.Parents.FirstOrDefault())
        {
            names.Insert(0, current is RootCommand ? "mlevents" : current.Name);
        }

        return string.Join(' ', names);
    }
}
