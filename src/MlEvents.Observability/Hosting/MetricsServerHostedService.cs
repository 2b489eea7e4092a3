using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MlEvents.Observability.Metrics;
using OpenTelemetry.Metrics;

namespace MlEvents.Observability.Hosting;

/// <summary>Runs <see cref="MetricsServer"/> for the lifetime of the host, unless Metrics:Enabled is false.</summary>
/// <remarks>
/// Taking the <see cref="MeterProvider"/> and <see cref="ObservabilityMetrics"/> as dependencies creates them (the provider
/// starts listening) when the host resolves its hosted services, before any of them starts recording, so no early
/// measurement is lost.
/// A port that cannot be bound (e.g. already in use) is logged as an error and does not stop the host: the worker keeps
/// moving events, and Prometheus reports the target down (alert MlEventsDown).
/// </remarks>
public sealed partial class MetricsServerHostedService(
    IServiceProvider services,
    IOptions<ObservabilityOptions> options,
    MeterProvider meterProvider,
    ObservabilityMetrics observabilityMetrics,
    ILogger<MetricsServerHostedService> logger) : IHostedService, IAsyncDisposable
{
    private MetricsServer? _server;

    public MeterProvider MeterProvider { get; } = meterProvider;

    public ObservabilityMetrics ObservabilityMetrics { get; } = observabilityMetrics;

    /// <summary>The bound address once started (the actual port when Metrics:Port is 0); null when disabled or not bound.</summary>
    public Uri? Address => _server?.Address;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var value = options.Value;
        if (!value.Enabled)
        {
            LogDisabled(logger);
            return;
        }

        try
        {
            _server = await MetricsServer.StartAsync(services, value, cancellationToken);
        }
        catch (IOException exception)
        {
            LogBindFailed(logger, value.Host, value.Port, exception.Message);
            return;
        }

        LogListening(logger, _server.Binding, value.MetricsPath, value.LivenessPath, value.ReadinessPath, value.ShowHealthDetails ? "shown" : "hidden (Metrics:ShowHealthDetails=false)");
    }

    public async Task StopAsync(CancellationToken cancellationToken) => await DisposeAsync();

    public async ValueTask DisposeAsync()
    {
        var server = Interlocked.Exchange(ref _server, null);
        if (server is not null)
        {
            await server.DisposeAsync();
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Metrics server disabled (Metrics:Enabled = false)")]
    private static partial void LogDisabled(ILogger logger);

    [LoggerMessage(Level = LogLevel.Information, Message = "Metrics server listening on {Binding} ({MetricsPath}, {LivenessPath}, {ReadinessPath}); health check details {HealthDetails}")]
    private static partial void LogListening(ILogger logger, string binding, string metricsPath, string livenessPath, string readinessPath, string healthDetails);

    [LoggerMessage(Level = LogLevel.Error, Message = "Metrics server could not listen on {Host}:{Port} ({Error}); /metrics, /healthz and /readyz are unavailable, the worker keeps running. Set Metrics:Port to a free port.")]
    private static partial void LogBindFailed(ILogger logger, string host, int port, string error);
}
