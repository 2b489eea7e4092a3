using Microsoft.Extensions.Options;

namespace MlEvents.Worker.Configuration;

/// <summary>Rejects a missing bootstrap list and pass-through settings that would break the worker's delivery guarantees.</summary>
public sealed class KafkaOptionsValidator : IValidateOptions<KafkaOptions>
{
    /// <summary>Settings the worker owns; overriding them would silently break at-least-once delivery or ordering.</summary>
    internal static readonly IReadOnlyDictionary<string, string> OwnedSettings = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["enable.auto.offset.store"] = "the worker stores offsets itself, only after every produced record is acknowledged",
        ["enable.idempotence"] = "the MCP producer must be idempotent (no duplicates or reordering on retries)",
        ["acks"] = "the MCP producer must wait for all in-sync replicas (acks=all)",
        ["group.id"] = "set Worker__GroupId instead",
        ["bootstrap.servers"] = "set Kafka__BootstrapServers instead",
    };

    public ValidateOptionsResult Validate(string? name, KafkaOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.BootstrapServers))
        {
            failures.Add("Kafka:BootstrapServers is required (environment variable Kafka__BootstrapServers), e.g. \"broker1:9092,broker2:9092\".");
        }
        else if (options.BootstrapServers.Split(',', StringSplitOptions.TrimEntries).Any(s => !LooksLikeHostPort(s)))
        {
            failures.Add("Kafka:BootstrapServers must be a comma-separated list of host:port (environment variable Kafka__BootstrapServers; the value given is not shown).");
        }

        foreach (var (section, settings) in new[] { ("Common", options.Common), ("Consumer", options.Consumer), ("Producer", options.Producer) })
        {
            foreach (var key in settings.Keys.Where(OwnedSettings.ContainsKey))
            {
                failures.Add($"Kafka:{section}:{key} cannot be overridden: {OwnedSettings[key]}.");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static bool LooksLikeHostPort(string entry)
    {
        var withoutScheme = entry.Contains("://", StringComparison.Ordinal) ? entry[(entry.IndexOf("://", StringComparison.Ordinal) + 3)..] : entry;
        var colon = withoutScheme.LastIndexOf(':');
        return colon > 0 && int.TryParse(withoutScheme[(colon + 1)..], out var port) && port is > 0 and < 65536;
    }
}
