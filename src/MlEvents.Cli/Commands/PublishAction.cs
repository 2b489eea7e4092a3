using System.CommandLine;
using System.CommandLine.Invocation;

namespace MlEvents.Cli;

/// <summary>
/// Runs a publish command and owns its exit codes: parse errors (unknown flag, missing value) and
/// <see cref="PublishUsageException"/>s become exit code 2 with the reason on stderr, instead of System.CommandLine's 1,
/// which <c>mlevents publish</c> reserves for events that failed.
/// </summary>
internal sealed class PublishAction(Func<ParseResult, CancellationToken, Task<int>> run) : AsynchronousCommandLineAction
{
    public override bool ClearsParseErrors => true;

    public override async Task<int> InvokeAsync(ParseResult parseResult, CancellationToken cancellationToken = default)
    {
        var error = parseResult.InvocationConfiguration.Error;
        var name = parseResult.CommandResult.Command.Name;
        var command = name == "publish" ? "mlevents publish" : $"mlevents publish {name}";
        // Unknown flags are reported once, by name (clearing parse errors can drop their error while keeping the tokens).
        var unknown = parseResult.UnmatchedTokens.Select(token => $"unknown flag or argument '{token}'").ToList();
        var problems = parseResult.Errors.Select(e => e.Message)
            .Where(message => !parseResult.UnmatchedTokens.Any(token => message.Contains($"'{token}'", StringComparison.Ordinal)))
            .Concat(unknown)
            .ToList();
        if (problems.Count > 0)
        {
            foreach (var problem in problems)
            {
                await error.WriteLineAsync($"error: {problem}").ConfigureAwait(false);
            }
            await error.WriteLineAsync($"Run '{command} --help' for usage and examples.").ConfigureAwait(false);
            return PublishExitCodes.Usage;
        }

        try
        {
            return await run(parseResult, cancellationToken).ConfigureAwait(false);
        }
        catch (PublishUsageException e)
        {
            await error.WriteLineAsync($"error: {e.Message}").ConfigureAwait(false);
            await error.WriteLineAsync($"Run '{command} --help' for usage and examples.").ConfigureAwait(false);
            return PublishExitCodes.Usage;
        }
    }
}
