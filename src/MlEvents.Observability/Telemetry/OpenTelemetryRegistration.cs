using System.Diagnostics.Metrics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using MlEvents.Observability.Hosting;
using MlEvents.Observability.Metrics;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace MlEvents.Observability.Telemetry;

/// <summary>The OpenTelemetry SDK of a host: metrics (Prometheus /metrics, OTLP when configured) and traces.</summary>
internal static class OpenTelemetryRegistration
{
    public static void Add(IServiceCollection services, IConfiguration? configuration)
    {
        if (services.Any(d => d.ServiceType == typeof(IValidateOptions<TelemetryOptions>)))
        {
            return; // registered already: a second Prometheus exporter or OTLP pipeline would double every export
        }

        var section = configuration?.GetSection(TelemetryOptions.SectionName);
        var telemetry = new TelemetryOptions();
        section?.Bind(telemetry);
        var options = services.AddOptions<TelemetryOptions>();
        if (section is not null)
        {
            options.Bind(section);
        }
        options.ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<TelemetryOptions>, TelemetryOptionsValidator>());

        var otlp = OtlpExport.From(telemetry.Otlp, configuration);
        var builder = services.AddOpenTelemetry();
        if (string.IsNullOrWhiteSpace(configuration?["OTEL_SERVICE_NAME"] ?? Environment.GetEnvironmentVariable("OTEL_SERVICE_NAME")))
        {
            builder.ConfigureResource(resource => resource.AddService(telemetry.ServiceName));
        }

        builder.WithMetrics(metrics =>
        {
            ((IDeferredMeterProviderBuilder)metrics).Configure((sp, deferred) =>
            {
                deferred.AddMeter([.. MeterNames(sp), ObservabilityMetrics.MeterName]);

                // Meters made by another container's IMeterFactory (a second host in the same process, e.g. in tests) carry
                // that factory as their scope: export only this container's, plus unscoped `new Meter(...)` ones.
                var factory = sp.GetService<IMeterFactory>();
                deferred.AddView(instrument => factory is not null && instrument.Meter.Scope is not null && !ReferenceEquals(instrument.Meter.Scope, factory)
                    ? MetricStreamConfiguration.Drop
                    : null);
            });
            metrics.AddPrometheusExporter(prometheus =>
            {
                prometheus.ScrapeResponseCacheDurationMilliseconds = 0; // every scrape sees the current values
                prometheus.ScopeInfoEnabled = false;                    // label sets stay kafka-lag-exporter's
            });
            if (otlp is not null && telemetry.Otlp.Metrics)
            {
                metrics.AddOtlpExporter((exporter, reader) =>
                {
                    otlp.Apply(exporter, "v1/metrics");
                    if (telemetry.Otlp.MetricsInterval is { } interval)
                    {
                        reader.PeriodicExportingMetricReaderOptions.ExportIntervalMilliseconds = (int)interval.TotalMilliseconds;
                    }
                });
            }
        });

        var exportTraces = otlp is not null && telemetry.Otlp.Traces;
        if (telemetry.Tracing.Enabled ?? exportTraces)
        {
            builder.WithTracing(tracing =>
            {
                tracing.AddSource([.. telemetry.Tracing.Sources]);
                tracing.SetSampler(new ParentBasedSampler(new TraceIdRatioBasedSampler(Math.Clamp(telemetry.Tracing.SamplingRatio, 0, 1))));
                if (exportTraces)
                {
                    tracing.AddOtlpExporter(exporter => otlp!.Apply(exporter, "v1/traces"));
                }
            });
        }
    }

    /// <summary>
    /// Metrics:MeterNames without <c>IOptions.Value</c>: the meter provider is built while the host starts, and reading the
    /// validated value there would report only this section's problems instead of letting ValidateOnStart report all.
    /// </summary>
    private static IEnumerable<string> MeterNames(IServiceProvider services)
    {
        var options = new ObservabilityOptions();
        foreach (var configure in services.GetServices<IConfigureOptions<ObservabilityOptions>>())
        {
            configure.Configure(options);
        }

        return options.MeterNames.Where(n => !string.IsNullOrWhiteSpace(n));
    }
}
