using System.Net;
using Microsoft.Extensions.Options;

namespace MlEvents.Observability.Hosting;

public sealed class ObservabilityOptionsValidator : IValidateOptions<ObservabilityOptions>
{
    public ValidateOptionsResult Validate(string? name, ObservabilityOptions options)
    {
        var failures = new List<string>();
        if (options.Port is < 0 or > 65535)
        {
            failures.Add($"Metrics:Port must be 0 (any free port) or 1-65535, got {options.Port}.");
        }
        if (!IsValidHost(options.Host))
        {
            failures.Add("Metrics:Host must be '*', 'localhost' or an IP address (environment variable Metrics__Host; the value given is not shown).");
        }

        var paths = new[] { options.MetricsPath, options.LivenessPath, options.ReadinessPath };
        foreach (var path in paths)
        {
            if (string.IsNullOrWhiteSpace(path) || !path.StartsWith('/') || path.Contains(' ', StringComparison.Ordinal))
            {
                failures.Add("Metrics:MetricsPath, LivenessPath and ReadinessPath must start with '/' and contain no spaces (the value given is not shown).");
            }
        }
        if (paths.Distinct(StringComparer.OrdinalIgnoreCase).Count() != paths.Length)
        {
            failures.Add("Metrics:MetricsPath, LivenessPath and ReadinessPath must differ.");
        }
        if (options.MeterNames.Count == 0 || options.MeterNames.Any(string.IsNullOrWhiteSpace))
        {
            failures.Add("Metrics:MeterNames must list at least one non-empty meter name.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static bool IsValidHost(string? host) =>
        host is "*" or "+" || string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase) || IPAddress.TryParse(host, out _);
}
