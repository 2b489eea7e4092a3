using System.Text;
using MlEvents.Cli.Conventions;
using MlEvents.Contracts;
using MlEvents.Conversion;
using MlEvents.DataHub.Mcps;
using MlEvents.DataHub.Serialization;

namespace MlEvents.Cli;

/// <summary>The work of <c>mlevents convert</c>: read lines, convert each event, report bad lines, write the MCP file.</summary>
internal static class ConvertRunner
{
    public static async Task<int> RunAsync(ConvertRequest request, ConvertConsole console, CancellationToken cancellationToken)
    {
        var options = BuildOptions(request);

        var converter = new EventConverter(options);
        var mcps = new List<MetadataChangeProposal>();
        var events = 0;
        var failedLines = 0;
        try
        {
            using var reader = request.Input == "-" ? null : new StreamReader(request.Input, Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
            var input = reader ?? console.Input;
            var lineNumber = 0;
            while (await input.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } line)
            {
                lineNumber++;
                if (string.IsNullOrWhiteSpace(line))
                {
                    continue;
                }

                events++;
                var errors = ConvertLine(converter, line, mcps);
                if (errors.Count > 0)
                {
                    failedLines++;
                    foreach (var (field, reason) in errors)
                    {
                        await console.Error.WriteLineAsync($"line {lineNumber}: {field}: {reason}").ConfigureAwait(false);
                    }
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            await console.Error.WriteLineAsync($"error: cannot read '{request.Input}': {e.Message}").ConfigureAwait(false);
            return (int)ExitCode.Usage;
        }

        var json = McpJsonFile.Write(mcps) + "\n";
        try
        {
            if (request.Output == "-")
            {
                await console.Output.WriteAsync(json).ConfigureAwait(false);
                await console.Output.FlushAsync(cancellationToken).ConfigureAwait(false);
            }
            else
            {
                if (Path.GetDirectoryName(Path.GetFullPath(request.Output)) is { } directory) Directory.CreateDirectory(directory);
                await File.WriteAllTextAsync(request.Output, json, new UTF8Encoding(false), cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            await console.Error.WriteLineAsync($"error: cannot write '{request.Output}': {e.Message}").ConfigureAwait(false);
            return (int)ExitCode.Usage;
        }

        await console.Error.WriteLineAsync(
            $"converted {events - failedLines} of {events} events into {mcps.Count} MCPs ({options.WriteMode.ToString().ToLowerInvariant()} mode, {options.UrnStyle.ToString().ToLowerInvariant()} URNs)" +
            (failedLines > 0 ? $"; {failedLines} line(s) failed" : "")).ConfigureAwait(false);
        return (int)(failedLines > 0 ? ExitCode.Failed : ExitCode.Ok);
    }

    /// <summary>Converts one line into <paramref name="mcps"/>; returns its problems (nothing is added when there are any).</summary>
    private static IReadOnlyList<(string Field, string Reason)> ConvertLine(EventConverter converter, string line, List<MetadataChangeProposal> mcps)
    {
        try
        {
            mcps.AddRange(converter.Convert(MlEventJson.Parse(line)));
            return [];
        }
        catch (EventFormatException e)
        {
            return [(e.Field, e.Reason)];
        }
        catch (EventValidationException e)
        {
            return [.. e.Errors.Select(error => (error.Field, error.Reason))];
        }
        catch (ConversionException e)
        {
            return [(e.Field, e.Reason)];
        }
    }

    /// <summary>The conversion options, or a <see cref="UsageException"/> listing every wrong value at once.</summary>
    private static ConversionOptions BuildOptions(ConvertRequest request)
    {
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(request.Input))
        {
            problems.Add("--file is required (a .jsonl file of events, or - for standard input)");
        }
        else if (request.Input != "-" && !File.Exists(request.Input))
        {
            problems.Add($"--file: file '{request.Input}' does not exist");
        }

        if (string.IsNullOrWhiteSpace(request.Output))
        {
            problems.Add("--output must be a file path or -");
        }

        if (!ConvertCommand.TryParseWriteMode(request.WriteMode, out var writeMode))
        {
            problems.Add($"--write-mode: '{request.WriteMode}' is not patch or upsert");
        }

        if (!ConvertCommand.TryParseUrnStyle(request.UrnStyle, out var urnStyle))
        {
            problems.Add($"--urn-style: '{request.UrnStyle}' is not guid or readable");
        }

        var options = new ConversionOptions { WriteMode = writeMode, UrnStyle = urnStyle, ModelVersionSeparator = request.ModelVersionSeparator };
        if (problems.Count == 0)
        {
            problems.AddRange(options.Validate().Select(e => $"--model-version-separator: {e.Reason}"));
        }

        return problems.Count == 0 ? options : throw new UsageException(problems);
    }
}
