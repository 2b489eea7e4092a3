using System.CommandLine;

namespace MlEvents.Cli.Conventions;

/// <summary>
/// How every command that talks to Kafka is told where and how: the same flags, short names and environment variables
/// (docs/CLI.md). Add <see cref="All"/> to a command, call <see cref="Missing"/> in its checks and <see cref="Settings"/>
/// for the librdkafka settings.
/// </summary>
internal sealed class KafkaConnectionOptions
{
    public const string BootstrapServersVariable = "MLEVENTS_BOOTSTRAP_SERVERS";
    public const string KafkaConfigVariable = "MLEVENTS_KAFKA_CONFIG";

    public KafkaConnectionOptions(TimeSpan defaultTimeout, string timeoutDescription)
    {
        Timeout = new DurationOption("--timeout", timeoutDescription, defaultTimeout);
    }

    public Option<string> BootstrapServers { get; } = new("--bootstrap-servers", "-b")
    {
        Description = $"Kafka brokers, host:port[,host:port] (required) [env {BootstrapServersVariable}]",
        HelpName = "host:port",
        Recursive = true,
    };

    public Option<string> KafkaConfig { get; } = new("--kafka-config")
    {
        Description = $"librdkafka properties file (key=value lines: security.protocol, sasl.*, ssl.*, ...) [env {KafkaConfigVariable}]",
        HelpName = "file",
        Recursive = true,
    };

    public Option<string[]> KafkaSettings { get; } = new("--kafka-setting", "-X")
    {
        Description = $"One librdkafka setting as key=value (repeatable); wins over --kafka-config and the environment ({SecretSources.KafkaVariablePrefix}SASL_PASSWORD sets sasl.password); keep secrets out of the command line",
        HelpName = "key=value",
        Recursive = true,
    };

    public DurationOption Timeout { get; }

    public IEnumerable<Option> All => [BootstrapServers, KafkaConfig, KafkaSettings, Timeout.Option];

    public string? BootstrapServersOf(ParseResult parseResult) => FlagOrVariable.Value(parseResult, BootstrapServers, BootstrapServersVariable);

    /// <summary>The required values that are neither flags nor variables, one problem line each.</summary>
    public IEnumerable<string> Missing(ParseResult parseResult)
    {
        if (BootstrapServersOf(parseResult) is null) yield return FlagOrVariable.Missing(BootstrapServers, BootstrapServersVariable);
    }

    /// <summary>
    /// --kafka-config's file, then the environment (<see cref="SecretSources.KafkaSettingsFromEnvironment"/>), then each
    /// --kafka-setting: later sources win; <see cref="UsageException"/> for a bad line or pair (never echoing a value).
    /// </summary>
    public Dictionary<string, string> Settings(ParseResult parseResult)
    {
        var settings = FlagOrVariable.Value(parseResult, KafkaConfig, KafkaConfigVariable) is { } file
            ? KeyValueText.PropertiesFile(file, KafkaConfig.Name)
            : new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in SecretSources.KafkaSettingsFromEnvironment())
        {
            settings[key] = value;
        }

        foreach (var (key, value) in KeyValueText.Pairs(parseResult.GetValue(KafkaSettings), KafkaSettings.Name, echoValues: false))
        {
            settings[key] = value;
        }

        return settings;
    }
}
