using System.CommandLine;

namespace MlEvents.Cli;

/// <summary>
/// <c>mlevents publish</c>: publish lifecycle events from a shell or CI job, either one per sub-command with a flag per
/// field, or many from a .jsonl file in the JSON form (docs/EVENTS.md). Avro through the Schema Registry, keyed like the
/// C# client, acks=all, idempotent.
/// </summary>
internal static class PublishCommand
{
    private const string Help = """
        Publish ML lifecycle events to Kafka (Avro, schemas/MlEvent.avsc, through the Schema Registry).

        Either one event per sub-command (a flag per field), or many from a file in the JSON form, one event per line:
          mlevents publish --file events.jsonl        (or --file - to read stdin)

        Connection flags fall back to environment variables:
          MLEVENTS_BOOTSTRAP_SERVERS, MLEVENTS_SCHEMA_REGISTRY_URL, MLEVENTS_SCHEMA_REGISTRY_USER_INFO, MLEVENTS_TOPIC,
          MLEVENTS_KAFKA_CONFIG; and for sub-commands MLEVENTS_PLATFORM, MLEVENTS_ENVIRONMENT, MLEVENTS_ACTOR.
        TRACEPARENT (and TRACESTATE), W3C trace context, is written into every event, so the worker continues that trace.

        Exit codes: 0 all published; 1 some events invalid or refused (line numbers and reasons on stderr; the valid
        ones were sent); 2 wrong command line (nothing sent); 3 Kafka or the Schema Registry unreachable (retry later).

        Examples:
          export MLEVENTS_BOOTSTRAP_SERVERS=kafka:9092 MLEVENTS_SCHEMA_REGISTRY_URL=http://schema-registry:8081
          mlevents publish --file samples/airline-forecast.events.jsonl
          mlevents publish run-started -p mlflow --run-id run-42 --experiment-id fc --param learning_rate=0.01
          mlevents publish run-finished -p mlflow --run-id run-42 --result SUCCESS --metric accuracy=0.9 --param learning_rate=0.01
          mlevents publish model-stage -p mlflow --model-name arima_model --version 1.0 --stage Production
          mlevents publish --dry-run --file events.jsonl    (validate only, no Kafka needed)
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
        command.Action = new PublishAction(async (parseResult, cancellationToken) =>
        {
            var path = parseResult.GetValue(file)
                ?? throw new PublishUsageException("give --file events.jsonl (or '-' for stdin), or an event sub-command such as run-started");
            var items = await PublishFile.ReadAsync(path, cancellationToken).ConfigureAwait(false);
            if (items.Count == 0)
                throw new PublishUsageException($"--file '{path}' holds no events");
            // The publisher's own platform is only a default for events it builds; file events keep theirs.
            return await PublishRunner.RunAsync(parseResult, connection, "mlevents-cli", items, cancellationToken).ConfigureAwait(false);
        });
        return command;
    }
}
