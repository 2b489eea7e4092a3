using Microsoft.Extensions.Configuration;
using OpenTelemetry.Exporter;

namespace MlEvents.Observability.Telemetry;

/// <summary>Whether OTLP export is configured, and the settings of section <c>Telemetry:Otlp</c> to apply over OpenTelemetry's own.</summary>
internal sealed class OtlpExport(OtlpExportOptions options)
{
    private static readonly string[] EndpointVariables =
        ["OTEL_EXPORTER_OTLP_ENDPOINT", "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "OTEL_EXPORTER_OTLP_METRICS_ENDPOINT"];

    /// <summary>Null when neither <c>Telemetry:Otlp:Endpoint</c> nor an <c>OTEL_EXPORTER_OTLP_*ENDPOINT</c> variable is set.</summary>
    public static OtlpExport? From(OtlpExportOptions options, IConfiguration? configuration)
    {
        var configured = options.Endpoint is not null
            || EndpointVariables.Any(v => !string.IsNullOrWhiteSpace(configuration?[v] ?? Environment.GetEnvironmentVariable(v)));
        return configured ? new OtlpExport(options) : null;
    }

    /// <summary>
    /// Sets what the section sets. An explicit http/protobuf endpoint without a path gets the signal's path
    /// (<paramref name="signalPath"/>, e.g. <c>v1/traces</c>), as OpenTelemetry does for <c>OTEL_EXPORTER_OTLP_ENDPOINT</c>.
    /// </summary>
    public void Apply(OtlpExporterOptions exporter, string signalPath)
    {
        if (OtlpProtocols.Parse(options.Protocol) is { } protocol)
        {
            exporter.Protocol = protocol;
        }
        if (options.Headers is { Length: > 0 } headers)
        {
            exporter.Headers = headers;
        }
        if (options.Endpoint is { } endpoint)
        {
            exporter.Endpoint = exporter.Protocol == OtlpExportProtocol.HttpProtobuf && endpoint.AbsolutePath is "/" or ""
                ? new Uri(endpoint, signalPath)
                : endpoint;
        }
    }
}
