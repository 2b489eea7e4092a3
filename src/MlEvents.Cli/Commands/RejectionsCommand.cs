using System.CommandLine;
using System.Globalization;
using Confluent.Kafka;
using MlEvents.Cli.Conventions;
using Confluent.SchemaRegistry;
using MlEvents.Worker.Configuration;
using MlEvents.Worker.Rejections;

namespace MlEvents.Cli;

/// <summary>
/// <c>mlevents rejections --bootstrap-servers B --schema-registry-url URL [--topic T] [--limit N] [--all]</c>: the newest
/// MCPs DataHub refused, read from its failed-MCP topic (no group joined, nothing committed). By default only MCPs this
/// project produced (systemMetadata producer marker); <c>--all</c> adds other producers'.
/// </summary>
internal static class RejectionsCommand
{
    public const string Summary = "List the newest MCPs DataHub refused (its failed-MCP topic): event, entity, aspect, error.";

    private const string Help = """
        List the newest MCPs DataHub refused, read from its FailedMetadataChangeProposal_v1 topic: the event id and
        type that produced each, its entity and aspect, and the first line of DataHub's error. It joins no group and
        commits nothing. Only MCPs this project produced are listed unless --all is given. Use DataHub's Schema
        Registry (GMS: http://datahub-gms:8080/schema-registry/api).

        Exit codes: 0 listed (a missing topic is a warning: nothing refused yet); 1 Kafka or the registry refused;
        2 wrong command line; 3 Kafka or the Schema Registry unreachable.

        Examples:
          mlevents rejections -b localhost:9092 -s http://localhost:8081
          MLEVENTS_BOOTSTRAP_SERVERS=kafka:9092 mlevents rejections -s http://datahub-gms:8080/schema-registry/api --limit 5
          mlevents rejections -b kafka:9093 -s http://sr:8081 --kafka-config client.properties --all --timeout 30s
        """;

    public static Command Create()
    {
        var kafka = new KafkaConnectionOptions(TimeSpan.FromSeconds(10), "Bound for the metadata requests and for reading the topic");
        var registry = new Option<string>("--schema-registry-url", "-s")
        {
            Description = $"Schema Registry URL (DataHub's GMS one) (required) [env {PublishConnectionOptions.SchemaRegistryUrlVariable}]",
            HelpName = "url",
        };
        var registryUserInfo = new Option<string>("--schema-registry-user-info")
        {
            Description = $"Schema Registry basic auth as user:password; prefer the env variable or a file [env {PublishConnectionOptions.SchemaRegistryUserInfoVariable}, or {PublishConnectionOptions.SchemaRegistryUserInfoVariable}_FILE naming a file; bearer token: env {PublishConnectionOptions.SchemaRegistryBearerTokenVariable}(_FILE)]",
            HelpName = "user:password",
        };
        var topic = new Option<string>("--topic", "-t")
        {
            Description = "DataHub's failed-MCP topic (GMS setting FAILED_METADATA_CHANGE_PROPOSAL_TOPIC_NAME)",
            HelpName = "name",
            DefaultValueFactory = _ => RejectionMonitorOptions.DefaultTopic,
        };
        var limit = new Option<int>("--limit", "-n")
        {
            Description = "How many of the newest rejections to list",
            HelpName = "count",
            DefaultValueFactory = _ => 20,
        };
        var all = new Option<bool>("--all") { Description = "Also list MCPs of other producers (ingestion recipes, the UI, ...)" };

        var command = new Command("rejections", Help) { registry, registryUserInfo, topic, limit, all };
        foreach (var option in kafka.All) command.Options.Add(option);
        command.Action = new CliAction(async (parseResult, cancellationToken) =>
        {
            var output = parseResult.InvocationConfiguration.Output;
            var error = parseResult.InvocationConfiguration.Error;
            var bootstrap = kafka.BootstrapServersOf(parseResult)!;
            var registryUrl = FlagOrVariable.Value(parseResult, registry, PublishConnectionOptions.SchemaRegistryUrlVariable)!;
            var settings = kafka.Settings(parseResult);
            var userInfo = parseResult.GetValue(registryUserInfo) is { Length: > 0 } given
                ? given.Trim()
                : SecretSources.Variable(PublishConnectionOptions.SchemaRegistryUserInfoVariable);
            var bearerToken = SecretSources.Variable(PublishConnectionOptions.SchemaRegistryBearerTokenVariable);
            foreach (var warning in PlaintextCredentials.ForRegistry(registryUrl, userInfo is not null || bearerToken is not null, "the registry credential")
                         .Concat(PlaintextCredentials.ForKafka(settings)))
            {
                await error.WriteLineAsync($"warning: {warning}");
            }

            var topicName = parseResult.GetRequiredValue(topic);
            var includeOthers = parseResult.GetValue(all);
            try
            {
                var consumer = new ConsumerConfig(settings) { BootstrapServers = bootstrap };
                using var registryClient = new CachedSchemaRegistryClient(new SchemaRegistryConfig
                {
                    Url = registryUrl,
                    BasicAuthUserInfo = userInfo,
                    BearerAuthToken = bearerToken,
                    BearerAuthCredentialsSource = bearerToken is null ? null : BearerAuthCredentialsSource.StaticToken,
                });
                var recent = await FailedMcpTopicReader.ReadRecentAsync(
                    consumer, registryClient, topicName, parseResult.GetValue(limit), includeOthers, kafka.Timeout.Value(parseResult), cancellationToken);
                if (!recent.TopicExists)
                {
                    await error.WriteLineAsync($"warning: topic {topicName} does not exist: DataHub has refused nothing yet, or its GMS uses another name (FAILED_METADATA_CHANGE_PROPOSAL_TOPIC_NAME).");
                    return (int)ExitCode.Ok;
                }

                await output.WriteAsync(Render(topicName, recent, includeOthers));
                return (int)ExitCode.Ok;
            }
            catch (KafkaException exception) when (Unreachable.IsConnectionError(exception.Error))
            {
                await error.WriteLineAsync($"error: {Unreachable.Kafka(bootstrap, exception.Error.Reason)}");
                return (int)ExitCode.Unreachable;
            }
            catch (TimeoutException exception)
            {
                await error.WriteLineAsync($"error: {Unreachable.Kafka(bootstrap, exception.Message)}");
                return (int)ExitCode.Unreachable;
            }
            catch (SchemaRegistryException exception) // an answer (it derives from HttpRequestException)
            {
                await error.WriteLineAsync($"error: Schema Registry at {registryUrl}: {exception.Message}");
                return (int)ExitCode.Failed;
            }
            catch (HttpRequestException exception)
            {
                await error.WriteLineAsync($"error: {Unreachable.SchemaRegistry(registryUrl, exception.Message)}");
                return (int)ExitCode.Unreachable;
            }
            catch (KafkaException exception)
            {
                await error.WriteLineAsync($"error: Kafka at {bootstrap}: {exception.Error.Reason}");
                return (int)ExitCode.Failed;
            }
            catch (ArgumentException exception)
            {
                throw new UsageException(exception.Message);
            }
        }, parseResult => Checks(parseResult, kafka, registry, limit));
        return command;
    }

    internal static string Render(string topic, RecentRejections recent, bool includeOthers)
    {
        var writer = new StringWriter(CultureInfo.InvariantCulture);
        writer.WriteLine($"{recent.Rejections.Count} rejected MCPs{(includeOthers ? "" : " of MlEvents")} on {topic} (newest last)"
            + (recent.Unreadable > 0 ? $"; {recent.Unreadable} unreadable records skipped" : ""));
        foreach (var rejection in recent.Rejections)
        {
            var failure = rejection.Failure;
            var source = rejection.IsOurs ? $"event {rejection.EventId ?? "?"} ({rejection.EventType ?? "?"})" : "other producer";
            writer.WriteLine(
                $"{rejection.Timestamp.UtcDateTime:yyyy-MM-ddTHH:mm:ss.fffZ}  {source}  {failure.EntityType} {failure.EntityUrn ?? "-"}  "
                + $"{failure.AspectName ?? "-"} {failure.ChangeType}  [{rejection.Position.Partition.Value}@{rejection.Position.Offset.Value}]");
            writer.WriteLine($"    {failure.ErrorFirstLine(500)}");
        }

        return writer.ToString();
    }

    /// <summary>Every usage problem at once: missing connection values, a limit below one.</summary>
    private static IEnumerable<string> Checks(ParseResult parseResult, KafkaConnectionOptions kafka, Option<string> registry, Option<int> limit)
    {
        foreach (var missing in kafka.Missing(parseResult)) yield return missing;
        if (FlagOrVariable.Value(parseResult, registry, PublishConnectionOptions.SchemaRegistryUrlVariable) is null)
            yield return FlagOrVariable.Missing(registry, PublishConnectionOptions.SchemaRegistryUrlVariable);
        if (parseResult.GetValue(limit) is var count and < 1) yield return $"--limit must be at least 1, got {count}";
    }
}
