using System.CommandLine;
using MlEvents.Cli.Conventions;

namespace MlEvents.Cli;

/// <summary>
/// <c>mlevents publish</c>: publish lifecycle events from a shell or CI job, either one per sub-command with a flag per
/// field, or many from a .jsonl file in the JSON form (docs/EVENTS.md). Avro through the Schema Registry, keyed like the
/// C# client, acks=all, idempotent.
/// </summary>
internal static class PublishCommand
{
    public const string Summary = "Publish lifecycle events to Kafka: one per sub-command (a flag per field), or many from a .jsonl file.";

    private const string Help = """
        Publish ML lifecycle events to Kafka (Avro, schemas/MlEvent.avsc, through the Schema Registry).

        Either one event per sub-command (a flag per field), or many from a file in the JSON form, one event per line:
          mlevents publish --file events.jsonl        (or --file - to read stdin)

        Connection flags fall back to environment variables (the same in every command, docs/CLI.md):
          MLEVENTS_BOOTSTRAP_SERVERS, MLEVENTS_SCHEMA_REGISTRY_URL, MLEVENTS_SCHEMA_REGISTRY_USER_INFO, MLEVENTS_TOPIC,
          MLEVENTS_KAFKA_CONFIG; and for sub-commands MLEVENTS_PLATFORM, MLEVENTS_ENVIRONMENT, MLEVENTS_ACTOR.
        TRACEPARENT (and TRACESTATE), W3C trace context, is written into every event, so the worker continues that trace.
        --timeout takes a duration: 500ms, 10s, 2m (a bare number is seconds).

        Exit codes: 0 all published; 1 some events invalid or refused (line numbers and reasons on stderr; the valid
        ones were sent); 2 wrong command line (nothing sent); 3 Kafka or the Schema Registry unreachable (retry later).

        Examples:
          export MLEVENTS_BOOTSTRAP_SERVERS=kafka:9092 MLEVENTS_SCHEMA_REGISTRY_URL=http://schema-registry:8081
          mlevents publish --file samples/airline-forecast.events.jsonl
          mlevents publish run-started -p mlflow --run-id run-42 --experiment-id fc --param learning_rate=0.01
          mlevents publish run-finished -p mlflow --run-id run-42 --result SUCCESS --metric accuracy=0.9 --param learning_rate=0.01
          mlevents publish model-stage -p mlflow --model-name arima_model --version 1.0 --stage Production
          mlevents publish --dry-run --file events.jsonl    (validate only, no Kafka needed)
          mlevents publish --file events.jsonl --timeout 2m --kafka-config client.properties -X linger.ms=5
        """;

    public static Command Create()
    {
        var connection = new PublishConnectionOptions();
        var file = new Option<string>("--file", "-f")
        {
            Description = "Events in the JSON form, one per line ('-' = stdin)",
            HelpName = "events.jsonl",
        };
        var command = new Command("publish", Help) { file };
        foreach (var option in connection.All)
        {
            command.Options.Add(option);
        }
        foreach (var subcommand in PublishEventCommands.All(connection))
        {
            command.Subcommands.Add(subcommand);
        }
        command.Action = new CliAction(async (parseResult, cancellationToken) =>
        {
            var path = parseResult.GetRequiredValue(file);
            var items = await PublishFile.ReadAsync(path, cancellationToken).ConfigureAwait(false);
            if (items.Count == 0)
                throw new UsageException($"--file '{path}' holds no events");
            // The publisher's own platform is only a default for events it builds; file events keep theirs.
            return await PublishRunner.RunAsync(parseResult, connection, "mlevents-cli", items, cancellationToken).ConfigureAwait(false);
        }, parseResult => (parseResult.GetValue(file) is null
                ? ["give --file events.jsonl (or '-' for stdin), or an event sub-command such as run-started"]
                : Array.Empty<string>())
            .Concat(connection.Missing(parseResult)));
        return command;
    }
}
