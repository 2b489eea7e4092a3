namespace MlEvents.Observability.Telemetry;

/// <summary>
/// Configuration section <c>Telemetry</c>: OTLP export of metrics and traces, and tracing itself. Read once, when the
/// services are registered (OpenTelemetry's exporters are chosen then). The standard <c>OTEL_*</c> environment variables
/// (<c>OTEL_EXPORTER_OTLP_ENDPOINT</c>, <c>_PROTOCOL</c>, <c>_HEADERS</c>, <c>OTEL_SERVICE_NAME</c>,
/// <c>OTEL_RESOURCE_ATTRIBUTES</c>, <c>OTEL_METRIC_EXPORT_INTERVAL</c>) work as well; settings here win over them.
/// </summary>
public sealed class TelemetryOptions
{
    public const string SectionName = "Telemetry";

    /// <summary>The resource's <c>service.name</c>, unless <c>OTEL_SERVICE_NAME</c> is set.</summary>
    public string ServiceName { get; set; } = "mlevents-worker";

    public OtlpExportOptions Otlp { get; set; } = new();

    public TracingOptions Tracing { get; set; } = new();
}

/// <summary>Section <c>Telemetry:Otlp</c>. Off unless an endpoint is given here or in <c>OTEL_EXPORTER_OTLP_ENDPOINT</c>.</summary>
public sealed class OtlpExportOptions
{
    /// <summary>
    /// The collector, e.g. <c>http://otel-collector:4317</c> (gRPC) or <c>http://otel-collector:4318</c> (http/protobuf:
    /// <c>/v1/metrics</c> and <c>/v1/traces</c> are appended when the path is empty).
    /// </summary>
    public Uri? Endpoint { get; set; }

    /// <summary><c>grpc</c> or <c>http/protobuf</c>; null: <c>OTEL_EXPORTER_OTLP_PROTOCOL</c>, else gRPC.</summary>
    public string? Protocol { get; set; }

    /// <summary>Request headers as <c>key1=value1,key2=value2</c> (e.g. an API key), like <c>OTEL_EXPORTER_OTLP_HEADERS</c>.</summary>
    public string? Headers { get; set; }

    /// <summary>Export metrics over OTLP (besides /metrics) when an endpoint is configured. Default true.</summary>
    public bool Metrics { get; set; } = true;

    /// <summary>Export traces over OTLP when an endpoint is configured. Default true.</summary>
    public bool Traces { get; set; } = true;

    /// <summary>How often metrics are pushed; null: <c>OTEL_METRIC_EXPORT_INTERVAL</c>, else 60 s.</summary>
    public TimeSpan? MetricsInterval { get; set; }
}

/// <summary>Section <c>Telemetry:Tracing</c>.</summary>
public sealed class TracingOptions
{
    /// <summary>
    /// Whether spans are recorded. Null (default): only when traces are exported over OTLP, so a worker without a
    /// collector pays nothing for tracing. True without OTLP: for exporters the host adds itself.
    /// </summary>
    public bool? Enabled { get; set; }

    /// <summary>Share of new traces recorded (0..1); traces started upstream follow the caller's sampling decision.</summary>
    public double SamplingRatio { get; set; } = 1.0;

    /// <summary>ActivitySources whose spans are recorded.</summary>
    public List<string> Sources { get; set; } = ["MlEvents.Worker"];
}
