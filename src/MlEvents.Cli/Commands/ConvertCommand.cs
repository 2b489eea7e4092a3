using System.CommandLine;
using MlEvents.Cli.Conventions;
using MlEvents.Conversion;

namespace MlEvents.Cli;

/// <summary><c>mlevents convert</c>: events in their JSON form (one per line) → DataHub's MCP JSON file.</summary>
internal static class ConvertCommand
{
    public const string Summary = "Convert events (JSON form, one per line) into DataHub's MCP JSON file format, without Kafka.";

    private const string Description = """
        Convert ML lifecycle events (JSON form, one event per line) into DataHub MetadataChangeProposals, written in
        DataHub's MCP JSON file format (the format of DataHub's `file` source and golden files), ready for
        `datahub ingest` with a file source or for review.

        Input: each non-blank line is one event, e.g.
          {"eventId":"e-1","eventTime":1700000000000,"platform":"mlflow","type":"RunStarted","payload":{"runId":"r1"}}
        Envelope fields eventId, eventTime (epoch ms), platform, environment (default PROD), actor; "type" names the
        payload (ExperimentUpserted, RunStarted, RunFinished, ModelGroupUpserted, ModelRegistered, ModelStageChanged,
        ModelAliasesChanged); "payload" holds its fields. See docs/EVENTS.md.

        Write modes (docs/MAPPING.md):
          patch   (default) facts shared by several events (run params + metrics, a group's training runs, a run's
                  outputs) are generic JSON PATCH MCPs, so no event erases another's facts. Needs a DataHub whose
                  GMS accepts generic patches (forceGenericPatch) on any aspect; verify against your server.
          upsert  whole aspects only (any DataHub). RunFinished must repeat every param and metric so far, and
                  ModelGroupUpserted.trainingRunIds must list every run so far.

        URN styles: guid (default; the same URNs as DataHub's MLflow source) or readable (ids as in DataHub's AI guide).

        Errors are printed to stderr as `line N: field: reason`; the other lines are still converted.
        Exit codes: 0 every line converted; 1 some lines failed; 2 wrong command line or unreadable/unwritable file.

        Examples:
          mlevents convert --file samples/airline-forecast.events.jsonl --output out/mcps.json
          mlevents convert -f events.jsonl --write-mode upsert --urn-style readable > mcps.json
          cat events.jsonl | mlevents convert --file - | jq length
        """;

    public static Command Create()
    {
        var input = new Option<string>("--file", "-f")
        {
            Description = "Events in the JSON form, one per line ('-' = stdin) (required)",
            HelpName = "events.jsonl",
            Required = true,
        };
        var output = new Option<string>("--output", "-o")
        {
            Description = "MCP JSON file to write ('-' = stdout) [default -]",
            HelpName = "mcps.json",
            DefaultValueFactory = _ => "-",
        };
        var writeMode = new Option<string>("--write-mode")
        {
            Description = "patch | upsert: how facts shared by several events are written.",
            HelpName = "patch|upsert",
            DefaultValueFactory = _ => "patch",
        };
        var urnStyle = new Option<string>("--urn-style")
        {
            Description = "guid | readable: ids of experiment containers, runs and version sets.",
            HelpName = "guid|readable",
            DefaultValueFactory = _ => "guid",
        };
        var separator = new Option<string>("--model-version-separator")
        {
            Description = "Joins model name and version into the mlModel URN name (DataHub's MLflow source: _).",
            HelpName = "text",
            DefaultValueFactory = _ => "_",
        };

        var command = new Command("convert", Description) { input, output, writeMode, urnStyle, separator };
        command.Action = new CliAction((parseResult, cancellationToken) =>
        {
            var request = new ConvertRequest(
                parseResult.GetRequiredValue(input),
                parseResult.GetValue(output) ?? "-",
                parseResult.GetValue(writeMode) ?? "patch",
                parseResult.GetValue(urnStyle) ?? "guid",
                parseResult.GetValue(separator) ?? "_");
            var console = new ConvertConsole(parseResult.InvocationConfiguration.Output, parseResult.InvocationConfiguration.Error, Console.In);
            return ConvertRunner.RunAsync(request, console, cancellationToken);
        });
        return command;
    }

    internal static bool TryParseWriteMode(string text, out WriteMode mode) =>
        Enum.TryParse(text, ignoreCase: true, out mode) && Enum.IsDefined(mode) && !int.TryParse(text, out _);

    internal static bool TryParseUrnStyle(string text, out UrnStyle style) =>
        Enum.TryParse(text, ignoreCase: true, out style) && Enum.IsDefined(style) && !int.TryParse(text, out _);
}
