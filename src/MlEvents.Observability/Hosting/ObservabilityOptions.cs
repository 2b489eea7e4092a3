namespace MlEvents.Observability.Hosting;

/// <summary>Configuration section <c>Metrics</c>.</summary>
public sealed class ObservabilityOptions
{
    public const string SectionName = "Metrics";

    /// <summary>Whether the built-in HTTP server runs (default true). The registry and health checks exist either way.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>HTTP port for /metrics, /healthz, /readyz (default 9464); 0 binds a free port (tests: read the bound address).</summary>
    public int Port { get; set; } = 9464;

    /// <summary>
    /// Address to bind: <c>*</c> (all interfaces, IPv4 and IPv6 — what a container needs), <c>localhost</c>,
    /// or an IP address such as <c>127.0.0.1</c>.
    /// </summary>
    public string Host { get; set; } = "*";

    public string MetricsPath { get; set; } = "/metrics";

    public string LivenessPath { get; set; } = "/healthz";

    public string ReadinessPath { get; set; } = "/readyz";

    /// <summary>Meters whose instruments are exported.</summary>
    public List<string> MeterNames { get; set; } = ["MlEvents.Worker"];
}
