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
    /// Address to bind: <c>127.0.0.1</c> (default: this host only), <c>localhost</c>, another IP address, or <c>*</c>
    /// (all interfaces, IPv4 and IPv6 — what a container whose port is published needs).
    /// </summary>
    public string Host { get; set; } = "127.0.0.1";

    /// <summary>
    /// Whether /healthz and /readyz show each check's description and error (which can name internal URLs, topics and
    /// exception messages). Off by default: the status code and each check's status are enough for probes.
    /// </summary>
    public bool ShowHealthDetails { get; set; }

    public string MetricsPath { get; set; } = "/metrics";

    public string LivenessPath { get; set; } = "/healthz";

    public string ReadinessPath { get; set; } = "/readyz";

    /// <summary>Meters whose instruments are exported.</summary>
    public List<string> MeterNames { get; set; } = ["MlEvents.Worker"];
}
