using System.CommandLine;
using MlEvents.Client;
using Confluent.SchemaRegistry;

namespace MlEvents.Cli;

/// <summary>
/// Where <c>mlevents publish</c> sends to. Every flag falls back to an environment variable, so a CI job can set them once.
/// </summary>
internal sealed class PublishConnectionOptions
{
    public const string BootstrapServersVariable = "MLEVENTS_BOOTSTRAP_SERVERS";
    public const string SchemaRegistryUrlVariable = "MLEVENTS_SCHEMA_REGISTRY_URL";
    public const string SchemaRegistryUserInfoVariable = "MLEVENTS_SCHEMA_REGISTRY_USER_INFO";
    public const string TopicVariable = "MLEVENTS_TOPIC";
    public const string KafkaConfigVariable = "MLEVENTS_KAFKA_CONFIG";

    public Option<string> BootstrapServers { get; } = new("--bootstrap-servers", "-b")
    {
        Description = $"Kafka brokers, host:port[,host:port] [env {BootstrapServersVariable}]",
        HelpName = "host:port",
        Recursive = true,
    };

    public Option<string> SchemaRegistryUrl { get; } = new("--schema-registry-url", "-s")
    {
        Description = $"Schema Registry URL(s), comma-separated [env {SchemaRegistryUrlVariable}]",
        HelpName = "url",
        Recursive = true,
    };

    public Option<string> SchemaRegistryUserInfo { get; } = new("--schema-registry-user-info")
    {
        Description = $"Schema Registry basic auth as user:password; prefer the env variable [env {SchemaRegistryUserInfoVariable}]",
        HelpName = "user:password",
        Recursive = true,
    };

    public Option<string> Topic { get; } = new("--topic", "-t")
    {
        Description = $"Events topic [env {TopicVariable}; default {MlEventsPublisherOptions.DefaultTopic}]",
        HelpName = "name",
        Recursive = true,
    };

    public Option<string> KafkaConfig { get; } = new("--kafka-config")
    {
        Description = $"librdkafka properties file (key=value lines: security.protocol, sasl.*, ssl.*, ...) [env {KafkaConfigVariable}]",
        HelpName = "file",
        Recursive = true,
    };

    public Option<string[]> KafkaSettings { get; } = new("--kafka-setting")
    {
        Description = "One librdkafka setting as key=value (repeatable); wins over --kafka-config",
        HelpName = "key=value",
        Recursive = true,
    };

    public Option<int> TimeoutSeconds { get; } = new("--timeout")
    {
        Description = "Seconds to wait for Kafka to acknowledge each event before failing it",
        HelpName = "seconds",
        DefaultValueFactory = _ => 30,
        Recursive = true,
    };

    public Option<bool> DryRun { get; } = new("--dry-run")
    {
        Description = "Validate and print the events as JSON lines; send nothing (needs no Kafka)",
        Recursive = true,
    };

    public IEnumerable<Option> All => [BootstrapServers, SchemaRegistryUrl, SchemaRegistryUserInfo, Topic, KafkaConfig, KafkaSettings, TimeoutSeconds, DryRun];

    /// <summary>The publisher settings from flags, then environment variables; <see cref="PublishUsageException"/> for what is missing.</summary>
    public MlEventsPublisherOptions ToPublisherOptions(ParseResult parseResult, string platform)
    {
        var bootstrap = FlagOrVariable(parseResult, BootstrapServers, BootstrapServersVariable)
            ?? throw new PublishUsageException($"--bootstrap-servers is required (or set {BootstrapServersVariable})");
        var registryUrl = FlagOrVariable(parseResult, SchemaRegistryUrl, SchemaRegistryUrlVariable)
            ?? throw new PublishUsageException($"--schema-registry-url is required (or set {SchemaRegistryUrlVariable})");
        var timeout = parseResult.GetValue(TimeoutSeconds);
        if (timeout <= 0) throw new PublishUsageException("--timeout must be a positive number of seconds");

        var kafkaSettings = FlagOrVariable(parseResult, KafkaConfig, KafkaConfigVariable) is { } file
            ? PublishArguments.PropertiesFile(file, "--kafka-config")
            : new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in PublishArguments.Pairs(parseResult.GetValue(KafkaSettings), "--kafka-setting"))
        {
            kafkaSettings[key] = value;
        }
        kafkaSettings.TryAdd("client.id", "mlevents-cli");

        return new MlEventsPublisherOptions
        {
            BootstrapServers = bootstrap,
            SchemaRegistry = new SchemaRegistryConfig
            {
                Url = registryUrl,
                BasicAuthUserInfo = FlagOrVariable(parseResult, SchemaRegistryUserInfo, SchemaRegistryUserInfoVariable),
                RequestTimeoutMs = Math.Min(timeout, 10) * 1000,
                MaxRetries = 1,
                RetriesWaitMs = 250,
            },
            Topic = FlagOrVariable(parseResult, Topic, TopicVariable) ?? MlEventsPublisherOptions.DefaultTopic,
            Platform = platform,
            DeliveryTimeout = TimeSpan.FromSeconds(timeout),
            FlushTimeout = TimeSpan.FromSeconds(timeout + 5),
            KafkaSettings = kafkaSettings,
        };
    }

    public static string? FlagOrVariable(ParseResult parseResult, Option<string> option, string variable)
    {
        var value = parseResult.GetValue(option);
        if (string.IsNullOrWhiteSpace(value)) value = Environment.GetEnvironmentVariable(variable);
        return string.IsNullOrWhiteSpace(value) ? null : value.Trim();
    }
}
