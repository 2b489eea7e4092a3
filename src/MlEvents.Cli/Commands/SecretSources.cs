using System.Collections;
using MlEvents.Cli.Conventions;

namespace MlEvents.Cli;

/// <summary>
/// Where the CLI takes secrets from besides the command line (where <c>ps</c> shows them): environment variables,
/// files named by <c>&lt;VARIABLE&gt;_FILE</c> for the registry's secrets (as Docker and Kubernetes secrets are
/// mounted), and librdkafka properties files (<c>--kafka-config</c> / <c>MLEVENTS_KAFKA_CONFIG</c>). For every command that talks to Kafka or the registry.
/// </summary>
public static class SecretSources
{
    /// <summary>Prefix of shell-friendly librdkafka variables: <c>MLEVENTS_KAFKA_SASL_PASSWORD</c> sets <c>sasl.password</c>.</summary>
    public const string KafkaVariablePrefix = "MLEVENTS_KAFKA_";

    /// <summary>The worker's own names also work: <c>Kafka__Common__sasl.password</c> (set with <c>env</c>, not <c>export</c>).</summary>
    public const string WorkerVariablePrefix = "Kafka__Common__";

    /// <summary>Settings that are not librdkafka keys although they share the prefix.</summary>
    private static readonly HashSet<string> NotKafkaSettings = new(StringComparer.Ordinal) { "MLEVENTS_KAFKA_CONFIG" };

    /// <summary>The variable's value, else the content of the file <c>&lt;variable&gt;_FILE</c> names (one trailing newline dropped).</summary>
    public static string? Variable(string name, Func<string, string?>? environment = null)
    {
        environment ??= Environment.GetEnvironmentVariable;
        if (environment(name) is { Length: > 0 } value)
        {
            return value;
        }

        if (environment(name + "_FILE") is not { Length: > 0 } path)
        {
            return null;
        }

        try
        {
            return File.ReadAllText(path).TrimEnd('\r', '\n');
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"{name}_FILE: cannot read the file it names ({e.GetType().Name})");
        }
    }

    /// <summary>librdkafka settings from <c>Kafka__Common__*</c>, then <c>MLEVENTS_KAFKA_*</c> variables (<c>_</c> → <c>.</c>, lower case).</summary>
    public static Dictionary<string, string> KafkaSettingsFromEnvironment(IDictionary? variables = null)
    {
        variables ??= Environment.GetEnvironmentVariables();
        var settings = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (DictionaryEntry entry in variables)
        {
            var name = (string)entry.Key;
            if (name.StartsWith(WorkerVariablePrefix, StringComparison.Ordinal) && name.Length > WorkerVariablePrefix.Length)
            {
                settings[name[WorkerVariablePrefix.Length..]] = (string?)entry.Value ?? "";
            }
        }

        foreach (DictionaryEntry entry in variables)
        {
            var name = (string)entry.Key;
            if (name.StartsWith(KafkaVariablePrefix, StringComparison.Ordinal) && name.Length > KafkaVariablePrefix.Length && !NotKafkaSettings.Contains(name))
            {
                // No _FILE form here: librdkafka has keys ending in ".file"; files of settings go through MLEVENTS_KAFKA_CONFIG.
                settings[name[KafkaVariablePrefix.Length..].ToLowerInvariant().Replace('_', '.')] = (string?)entry.Value ?? "";
            }
        }

        return settings;
    }
}
