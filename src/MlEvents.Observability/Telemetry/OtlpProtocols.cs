using OpenTelemetry.Exporter;

namespace MlEvents.Observability.Telemetry;

internal static class OtlpProtocols
{
    /// <summary>The names of <c>OTEL_EXPORTER_OTLP_PROTOCOL</c>; null for anything else.</summary>
    public static OtlpExportProtocol? Parse(string? value) => value?.Trim().ToLowerInvariant() switch
    {
        "grpc" => OtlpExportProtocol.Grpc,
        "http/protobuf" => OtlpExportProtocol.HttpProtobuf,
        _ => null,
    };
}
