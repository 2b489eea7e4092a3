using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;
using MlEvents.Contracts;

namespace MlEvents.Client;

/// <summary>Checks <see cref="MlEventsPublisherOptions"/> before a publisher is built; names every problem.</summary>
public sealed class MlEventsPublisherOptionsValidator : IValidateOptions<MlEventsPublisherOptions>
{
    private static readonly Dictionary<string, string> FixedSettings = new(StringComparer.Ordinal)
    {
        ["acks"] = "all",
        ["request.required.acks"] = "all",
        ["enable.idempotence"] = "true",
    };

    /// <summary>Every problem of <paramref name="options"/>, or success.</summary>
    public ValidateOptionsResult Validate(string? name, MlEventsPublisherOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = Problems(options).ToList();
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    /// <summary>Throws <see cref="OptionsValidationException"/> listing every problem.</summary>
    public static void ThrowIfInvalid(MlEventsPublisherOptions options)
    {
        var result = new MlEventsPublisherOptionsValidator().Validate(Options.DefaultName, options);
        if (result.Failed)
        {
            throw new OptionsValidationException(Options.DefaultName, typeof(MlEventsPublisherOptions), result.Failures);
        }
    }

    private static IEnumerable<string> Problems(MlEventsPublisherOptions options)
    {
        if (string.IsNullOrWhiteSpace(options.BootstrapServers))
            yield return "BootstrapServers is required (host:port[,host:port...]).";
        if (string.IsNullOrWhiteSpace(options.SchemaRegistry?.Url))
            yield return "SchemaRegistryUrl is required (e.g. http://localhost:8081).";
        else if (options.SchemaRegistry.Url.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
                 .Any(url => !Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)))
            yield return "SchemaRegistryUrl is not an absolute http(s) URL (the value is not shown: a malformed URL may carry credentials).";
        if (string.IsNullOrWhiteSpace(options.Topic))
            yield return "Topic is required.";
        if (string.IsNullOrWhiteSpace(options.Platform) || !Regex.IsMatch(options.Platform, EventLimits.PlatformPattern))
            yield return $"Platform '{options.Platform}' must be a platform name such as mlflow or sagemaker (letters, digits, '_', '-', '.').";
        if (!EventLimits.FabricTypes.Contains(options.Environment ?? ""))
            yield return $"Environment '{options.Environment}' must be one of {string.Join(", ", EventLimits.FabricTypes)}.";
        if (options.Actor is not null && string.IsNullOrWhiteSpace(options.Actor))
            yield return "Actor must not be blank when set.";
        if (options.DeliveryTimeout <= TimeSpan.Zero || options.DeliveryTimeout.TotalMilliseconds > int.MaxValue)
            yield return "DeliveryTimeout must be positive.";
        if (options.FlushTimeout <= TimeSpan.Zero)
            yield return "FlushTimeout must be positive.";
        if (options.ConnectivityTimeout <= TimeSpan.Zero || options.ConnectivityTimeout.TotalMilliseconds > int.MaxValue)
            yield return "ConnectivityTimeout must be positive.";
        foreach (var (key, required) in FixedSettings)
        {
            if (options.KafkaSettings.TryGetValue(key, out var value) && !string.Equals(value, required, StringComparison.OrdinalIgnoreCase)
                && !(key.EndsWith("acks", StringComparison.Ordinal) && value == "-1"))
                yield return $"KafkaSettings['{key}'] = '{value}' would weaken delivery guarantees; the publisher always uses {key}={required}.";
        }
        if (options.KafkaSettings.ContainsKey("bootstrap.servers"))
            yield return "Set BootstrapServers instead of KafkaSettings['bootstrap.servers'].";
    }
}
