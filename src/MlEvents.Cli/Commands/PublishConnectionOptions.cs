using System.CommandLine;
using MlEvents.Cli.Conventions;
using MlEvents.Client;
using Confluent.SchemaRegistry;

namespace MlEvents.Cli;

/// <summary>
/// Where <c>mlevents publish</c> sends to: the shared Kafka flags (<see cref="KafkaConnectionOptions"/>) plus the Schema
/// Registry and the topic. Every flag falls back to an environment variable, so a CI job can set them once.
/// </summary>
internal sealed class PublishConnectionOptions
{
    public const string SchemaRegistryUrlVariable = "MLEVENTS_SCHEMA_REGISTRY_URL";
    public const string SchemaRegistryUserInfoVariable = "MLEVENTS_SCHEMA_REGISTRY_USER_INFO";
    public const string SchemaRegistryBearerTokenVariable = "MLEVENTS_SCHEMA_REGISTRY_BEARER_TOKEN";
    public const string TopicVariable = "MLEVENTS_TOPIC";

    public KafkaConnectionOptions Kafka { get; } = new(TimeSpan.FromSeconds(30), "How long Kafka may take to acknowledge each event before it fails");

    public Option<string> SchemaRegistryUrl { get; } = new("--schema-registry-url", "-s")
    {
        Description = $"Schema Registry URL(s), comma-separated (required) [env {SchemaRegistryUrlVariable}]",
        HelpName = "url",
        Recursive = true,
    };

    public Option<string> SchemaRegistryUserInfo { get; } = new("--schema-registry-user-info")
    {
        Description = $"Schema Registry basic auth as user:password; prefer the env variable or a file [env {SchemaRegistryUserInfoVariable}, or {SchemaRegistryUserInfoVariable}_FILE naming a file; bearer token: env {SchemaRegistryBearerTokenVariable}(_FILE)]",
        HelpName = "user:password",
        Recursive = true,
    };

    public Option<string> Topic { get; } = new("--topic", "-t")
    {
        Description = $"Events topic [env {TopicVariable}; default {MlEventsPublisherOptions.DefaultTopic}]",
        HelpName = "name",
        Recursive = true,
    };

    public Option<bool> DryRun { get; } = new("--dry-run")
    {
        Description = "Validate and print the events as JSON lines; send nothing (needs no Kafka)",
        Recursive = true,
    };

    public IEnumerable<Option> All =>
        [Kafka.BootstrapServers, SchemaRegistryUrl, SchemaRegistryUserInfo, Topic, Kafka.KafkaConfig, Kafka.KafkaSettings, Kafka.Timeout.Option, DryRun];

    /// <summary>Required connection values given neither as flags nor as variables (none for --dry-run).</summary>
    public IEnumerable<string> Missing(ParseResult parseResult)
    {
        if (parseResult.GetValue(DryRun)) return [];
        var missing = Kafka.Missing(parseResult).ToList();
        if (FlagOrVariable.Value(parseResult, SchemaRegistryUrl, SchemaRegistryUrlVariable) is null)
            missing.Add(FlagOrVariable.Missing(SchemaRegistryUrl, SchemaRegistryUrlVariable));
        return missing;
    }

    /// <summary>The publisher settings from flags, then environment variables (call after <see cref="Missing"/> found nothing).</summary>
    public MlEventsPublisherOptions ToPublisherOptions(ParseResult parseResult, string platform)
    {
        var bootstrap = Kafka.BootstrapServersOf(parseResult) ?? throw new UsageException(Kafka.Missing(parseResult).ToList());
        var registryUrl = FlagOrVariable.Value(parseResult, SchemaRegistryUrl, SchemaRegistryUrlVariable)
            ?? throw new UsageException(FlagOrVariable.Missing(SchemaRegistryUrl, SchemaRegistryUrlVariable));
        var timeout = Kafka.Timeout.Value(parseResult);
        var kafkaSettings = Kafka.Settings(parseResult);
        kafkaSettings.TryAdd("client.id", "mlevents-cli");
        var bearerToken = SecretSources.Variable(SchemaRegistryBearerTokenVariable);

        return new MlEventsPublisherOptions
        {
            BootstrapServers = bootstrap,
            SchemaRegistry = new SchemaRegistryConfig
            {
                Url = registryUrl,
                BasicAuthUserInfo = parseResult.GetValue(SchemaRegistryUserInfo) is { Length: > 0 } userInfo ? userInfo.Trim() : SecretSources.Variable(SchemaRegistryUserInfoVariable),
                BearerAuthToken = bearerToken,
                BearerAuthCredentialsSource = bearerToken is null ? null : BearerAuthCredentialsSource.StaticToken,
                RequestTimeoutMs = (int)Math.Min(timeout.TotalMilliseconds, 10_000),
                MaxRetries = 1,
                RetriesWaitMs = 250,
            },
            Topic = FlagOrVariable.Value(parseResult, Topic, TopicVariable) ?? MlEventsPublisherOptions.DefaultTopic,
            Platform = platform,
            DeliveryTimeout = timeout,
            FlushTimeout = timeout + TimeSpan.FromSeconds(5),
            KafkaSettings = kafkaSettings,
        };
    }
}
