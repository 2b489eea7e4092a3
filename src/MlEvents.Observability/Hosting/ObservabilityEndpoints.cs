using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using MlEvents.Observability.Health;
using MlEvents.Observability.Metrics;
using OpenTelemetry.Metrics;

namespace MlEvents.Observability.Hosting;

/// <summary>The three observability endpoints, resolved against a given service provider.</summary>
public static class ObservabilityEndpoints
{
    /// <summary>
    /// Maps /metrics (OpenTelemetry's Prometheus exporter), /healthz and /readyz. <paramref name="services"/> is where the
    /// meter provider and health checks live
    /// (the worker's container, which may differ from the one serving HTTP).
    /// </summary>
    public static void Map(IEndpointRouteBuilder endpoints, IServiceProvider services, ObservabilityOptions options)
    {
        // Resolved now, not on the first scrape: the meter provider only sees measurements made after it exists.
        var meterProvider = services.GetRequiredService<MeterProvider>();
        services.GetRequiredService<ObservabilityMetrics>();
        endpoints.MapPrometheusScrapingEndpoint(options.MetricsPath, meterProvider, configureBranchedPipeline: null, optionsName: null);
        endpoints.MapGet(options.LivenessPath, (HttpContext context) => WriteHealthAsync(context, services, HealthTags.Live, options.ShowHealthDetails));
        endpoints.MapGet(options.ReadinessPath, (HttpContext context) => WriteHealthAsync(context, services, HealthTags.Ready, options.ShowHealthDetails));
    }

    private static async Task WriteHealthAsync(HttpContext context, IServiceProvider services, string tag, bool showDetails)
    {
        var health = services.GetRequiredService<HealthCheckService>();
        var report = await health.CheckHealthAsync(r => r.Tags.Contains(tag), context.RequestAborted);

        context.Response.StatusCode = report.Status == HealthStatus.Unhealthy
            ? StatusCodes.Status503ServiceUnavailable
            : StatusCodes.Status200OK;
        context.Response.ContentType = "application/json; charset=utf-8";
        context.Response.Headers.CacheControl = "no-store";

        var body = new HealthResponse(
            report.Status.ToString(),
            report.Entries.ToDictionary(
                e => e.Key,
                e => showDetails
                    ? new HealthEntry(e.Value.Status.ToString(), e.Value.Description, e.Value.Exception?.Message)
                    : new HealthEntry(e.Value.Status.ToString(), null, null)));
        await JsonSerializer.SerializeAsync(context.Response.Body, body, HealthJsonContext.Default.HealthResponse, context.RequestAborted);
    }
}
