using System.CommandLine;
using System.Globalization;
using Confluent.Kafka;
using MlEvents.SchemaRegistry;
using MlEvents.Worker.Rejections;

namespace MlEvents.Cli;

/// <summary>
/// <c>mlevents rejections [--bootstrap-servers B] [--schema-registry-url URL] [--topic T] [--limit N] [--all] [--config key=value]...</c>:
/// the newest MCPs DataHub refused, read from its failed-MCP topic (no group joined, nothing committed). By default only
/// MCPs this project produced (systemMetadata producer marker); <c>--all</c> adds other producers'.
/// </summary>
internal static class RejectionsCommand
{
    public const string DefaultSchemaRegistry = "http://localhost:8081";

    public static Command Create()
    {
        var bootstrap = new Option<string>("--bootstrap-servers", "-b")
        {
            Description = $"host:port[,host:port…]; default: environment variable Kafka__BootstrapServers, else {LagCommand.DefaultBootstrapServers}.",
            DefaultValueFactory = _ => FromEnvironment("Kafka__BootstrapServers", LagCommand.DefaultBootstrapServers),
        };
        var registry = new Option<string>("--schema-registry-url")
        {
            Description = $"Schema registry URL (DataHub's GMS one: http://datahub-gms:8080/schema-registry/api); default: SchemaRegistry__Url, else {DefaultSchemaRegistry}.",
            DefaultValueFactory = _ => FromEnvironment("SchemaRegistry__Url", DefaultSchemaRegistry),
        };
        var topic = new Option<string>("--topic", "-t")
        {
            Description = $"DataHub's failed-MCP topic (GMS setting FAILED_METADATA_CHANGE_PROPOSAL_TOPIC_NAME); default: {RejectionMonitorOptions.DefaultTopic}.",
            DefaultValueFactory = _ => RejectionMonitorOptions.DefaultTopic,
        };
        var limit = new Option<int>("--limit", "-n")
        {
            Description = "How many of the newest rejections to list.",
            DefaultValueFactory = _ => 20,
        };
        var all = new Option<bool>("--all") { Description = "Also list MCPs of other producers (ingestion recipes, the UI, ...)." };
        var config = new Option<string[]>("--config", "-X")
        {
            Description = "librdkafka setting key=value for secured clusters, e.g. security.protocol=SASL_SSL (repeatable).",
            DefaultValueFactory = _ => [],
        };
        var timeout = new Option<TimeSpan>("--timeout")
        {
            Description = "Bound for the metadata requests and for reading the topic.",
            DefaultValueFactory = _ => TimeSpan.FromSeconds(10),
        };

        var command = new Command("rejections", "List the newest MCPs DataHub refused (its FailedMetadataChangeProposal_v1 topic): event id, entity, aspect, DataHub's error.")
        {
            bootstrap, registry, topic, limit, all, config, timeout,
        };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var output = parseResult.InvocationConfiguration.Output;
            var error = parseResult.InvocationConfiguration.Error;
            if (!KeyValueSettings.TryParse(parseResult.GetValue(config) ?? [], out var settings, out var badSetting))
            {
                await error.WriteLineAsync($"--config expects key=value, got '{badSetting}'.");
                return 2;
            }

            var count = parseResult.GetValue(limit);
            if (count < 1)
            {
                await error.WriteLineAsync($"--limit must be at least 1, got {count}.");
                return 2;
            }

            var topicName = parseResult.GetRequiredValue(topic);
            var includeOthers = parseResult.GetValue(all);
            try
            {
                var consumer = new ConsumerConfig(settings) { BootstrapServers = parseResult.GetRequiredValue(bootstrap) };
                using var registryClient = new CachedSchemaRegistryClient(new SchemaRegistryConfig { Url = parseResult.GetRequiredValue(registry) });
                var recent = await FailedMcpTopicReader.ReadRecentAsync(
                    consumer, registryClient, topicName, count, includeOthers, parseResult.GetValue(timeout), cancellationToken);
                if (!recent.TopicExists)
                {
                    await error.WriteLineAsync($"warning: topic {topicName} does not exist: DataHub has refused nothing yet, or its GMS uses another name (FAILED_METADATA_CHANGE_PROPOSAL_TOPIC_NAME).");
                    return 0;
                }

                await output.WriteAsync(Render(topicName, recent, includeOthers));
                return 0;
            }
            catch (Exception exception) when (exception is KafkaException or SchemaRegistryException or TimeoutException or HttpRequestException)
            {
                await error.WriteLineAsync($"mlevents rejections: {exception.Message}");
                return 1;
            }
            catch (ArgumentException exception)
            {
                await error.WriteLineAsync($"mlevents rejections: {exception.Message}");
                return 2;
            }
        });
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

    private static string FromEnvironment(string variable, string fallback) =>
        Environment.GetEnvironmentVariable(variable) is { Length: > 0 } value ? value : fallback;
}

/// <summary>Parses repeated <c>key=value</c> options (as <c>lag --config</c>).</summary>
internal static class KeyValueSettings
{
    public static bool TryParse(string[] pairs, out Dictionary<string, string> settings, out string? bad)
    {
        settings = new Dictionary<string, string>(StringComparer.Ordinal);
        bad = null;
        foreach (var pair in pairs)
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                bad = pair;
                return false;
            }

            settings[pair[..equals].Trim()] = pair[(equals + 1)..].Trim();
        }

        return true;
    }
}
