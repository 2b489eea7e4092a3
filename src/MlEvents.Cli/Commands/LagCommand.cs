using System.CommandLine;
using Confluent.Kafka;
using MlEvents.Observability.GroupLag;
using MlEvents.Worker.Configuration;

namespace MlEvents.Cli;

/// <summary>
/// <c>mlevents lag --group G [--bootstrap-servers B] [--topic T]... [--config key=value]...</c>: per-partition committed
/// offset, log-end offset and lag of a consumer group, like <c>kafka-consumer-groups --describe</c>. It never joins the
/// group and never lists groups (ListConsumerGroups would crash librdkafka's mock cluster).
/// </summary>
internal static class LagCommand
{
    /// <summary>Used when --bootstrap-servers is not given: the worker's own setting from the environment, else this.</summary>
    public const string DefaultBootstrapServers = "localhost:9092";

    public static Command Create()
    {
        var group = new Option<string>("--group", "-g") { Description = "Consumer group id (the worker's Worker:GroupId).", Required = true };
        var bootstrap = new Option<string>("--bootstrap-servers", "-b")
        {
            Description = $"host:port[,host:port…]; default: environment variable Kafka__BootstrapServers, else {DefaultBootstrapServers}.",
            DefaultValueFactory = _ => Environment.GetEnvironmentVariable("Kafka__BootstrapServers") is { Length: > 0 } fromEnvironment
                ? fromEnvironment
                : DefaultBootstrapServers,
        };
        var topics = new Option<string[]>("--topic", "-t")
        {
            Description = $"Topic to describe (repeatable); default: the worker's input topic {new WorkerOptions().EventsTopic}.",
            DefaultValueFactory = _ => [new WorkerOptions().EventsTopic],
        };
        var config = new Option<string[]>("--config", "-X")
        {
            Description = $"librdkafka setting key=value for secured clusters, e.g. security.protocol=SASL_SSL (repeatable); secrets rather from --kafka-config or the environment ({SecretSources.KafkaVariablePrefix}SASL_PASSWORD, Kafka__Common__sasl.password).",
            DefaultValueFactory = _ => [],
        };
        var configFile = new Option<string>("--kafka-config")
        {
            Description = $"librdkafka properties file (key=value lines), e.g. with sasl.password [env {PublishConnectionOptions.KafkaConfigVariable}].",
        };
        var timeout = new Option<TimeSpan>("--timeout")
        {
            Description = "Timeout of each request to the cluster.",
            DefaultValueFactory = _ => TimeSpan.FromSeconds(10),
        };

        var command = new Command("lag", "Print committed offset, log-end offset and lag per partition of a consumer group (like kafka-consumer-groups --describe).")
        {
            group, bootstrap, topics, config, configFile, timeout,
        };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var output = parseResult.InvocationConfiguration.Output;
            var error = parseResult.InvocationConfiguration.Error;
            Dictionary<string, string> settings;
            try
            {
                // Properties file, then the environment, then -X: later sources win.
                settings = PublishConnectionOptions.FlagOrVariable(parseResult, configFile, PublishConnectionOptions.KafkaConfigVariable) is { } file
                    ? PublishArguments.PropertiesFile(file, "--kafka-config")
                    : new Dictionary<string, string>(StringComparer.Ordinal);
                foreach (var (key, value) in SecretSources.KafkaSettingsFromEnvironment())
                {
                    settings[key] = value;
                }
            }
            catch (PublishUsageException exception)
            {
                await error.WriteLineAsync($"mlevents lag: {exception.Message}");
                return 2;
            }

            if (!TryParseSettings(parseResult.GetValue(config) ?? [], settings, out var badPosition))
            {
                // Never the argument itself: a malformed -X may be a password with its key forgotten.
                await error.WriteLineAsync($"--config expects key=value; argument {badPosition} has no '=' (its text is not shown: it may be a secret).");
                return 2;
            }

            foreach (var warning in PlaintextCredentials.ForKafka(settings))
            {
                await error.WriteLineAsync($"warning: {warning}");
            }

            var groupId = parseResult.GetRequiredValue(group);
            try
            {
                var reader = new ConsumerGroupLagReader(parseResult.GetRequiredValue(bootstrap), settings, parseResult.GetValue(timeout));
                var rows = await reader.ReadAsync(groupId, parseResult.GetValue(topics) ?? [], cancellationToken);
                await output.WriteAsync(ConsumerGroupLagTable.Render(groupId, rows));
                return 0;
            }
            catch (KafkaException exception)
            {
                await error.WriteLineAsync($"mlevents lag: {exception.Error.Reason}");
                return 1;
            }
            catch (ArgumentException exception)
            {
                await error.WriteLineAsync($"mlevents lag: {exception.Message}");
                return 2;
            }
        });
        return command;
    }

    private static bool TryParseSettings(string[] pairs, Dictionary<string, string> settings, out int badPosition)
    {
        badPosition = 0;
        foreach (var pair in pairs)
        {
            badPosition++;
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                return false;
            }

            settings[pair[..equals].Trim()] = pair[(equals + 1)..].Trim();
        }

        badPosition = 0;
        return true;
    }
}
