using Microsoft.Extensions.Options;

namespace MlEvents.Observability.Telemetry;

public sealed class TelemetryOptionsValidator : IValidateOptions<TelemetryOptions>
{
    public ValidateOptionsResult Validate(string? name, TelemetryOptions options)
    {
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.ServiceName))
        {
            failures.Add("Telemetry:ServiceName must not be empty.");
        }
        if (options.Otlp.Endpoint is { } endpoint && (!endpoint.IsAbsoluteUri || endpoint.Scheme is not ("http" or "https")))
        {
            failures.Add($"Telemetry:Otlp:Endpoint must be an absolute http:// or https:// URL, got '{endpoint}'.");
        }
        if (options.Otlp.Protocol is { } protocol && OtlpProtocols.Parse(protocol) is null)
        {
            failures.Add($"Telemetry:Otlp:Protocol must be 'grpc' or 'http/protobuf', got '{protocol}'.");
        }
        if (options.Otlp.MetricsInterval is { } interval && interval < TimeSpan.FromSeconds(1))
        {
            failures.Add($"Telemetry:Otlp:MetricsInterval must be at least 1 second, got {interval}.");
        }
        if (options.Tracing.SamplingRatio is < 0 or > 1 || double.IsNaN(options.Tracing.SamplingRatio))
        {
            failures.Add($"Telemetry:Tracing:SamplingRatio must be between 0 and 1, got {options.Tracing.SamplingRatio}.");
        }
        if (options.Tracing.Sources.Any(string.IsNullOrWhiteSpace))
        {
            failures.Add("Telemetry:Tracing:Sources must not contain empty names.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
