using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using MlEvents.Observability.Health;
using MlEvents.Observability.Lag;
using MlEvents.Observability.Metrics;
using MlEvents.Observability.Telemetry;

namespace MlEvents.Observability.Hosting;

public static class ServiceCollectionExtensions
{
    /// <summary>
    /// Registers the OpenTelemetry SDK (metrics of Metrics:MeterNames and of every <see cref="IObservableMetricsSource"/>
    /// service, served on /metrics by its Prometheus exporter; OTLP export and tracing from section <c>Telemetry</c>),
    /// health checks, and the metrics server hosted service (Metrics:Port, default 9464; Metrics:Enabled=false: no server).
    /// </summary>
    public static IServiceCollection AddMlEventsObservability(
        this IServiceCollection services,
        IConfiguration? configuration = null,
        Action<ObservabilityOptions>? configure = null)
    {
        var options = services.AddOptions<ObservabilityOptions>();
        if (configuration is not null)
        {
            options.Bind(configuration.GetSection(ObservabilityOptions.SectionName));
        }
        if (configure is not null)
        {
            options.Configure(configure);
        }
        options.ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ObservabilityOptions>, ObservabilityOptionsValidator>());

        services.TryAddSingleton(TimeProvider.System);
        services.AddMetrics();
        OpenTelemetryRegistration.Add(services, configuration);
        services.TryAddSingleton<ObservabilityMetrics>();
        services.AddHealthChecks();
        services.TryAddSingleton<HealthReportMetrics>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHealthCheckPublisher, HealthReportMetrics>(sp => sp.GetRequiredService<HealthReportMetrics>()));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IObservableMetricsSource, HealthReportMetrics>(sp => sp.GetRequiredService<HealthReportMetrics>()));
        services.Configure<HealthCheckPublisherOptions>(o =>
        {
            o.Delay = TimeSpan.FromSeconds(2);
            o.Period = TimeSpan.FromSeconds(10);
        });
        services.AddHostedService<MetricsServerHostedService>();
        return services;
    }

    /// <summary>
    /// Registers a named <see cref="ReadinessSignal"/> as a keyed singleton (resolve with
    /// <c>[FromKeyedServices(name)] ReadinessSignal</c>) and as a <c>ready</c> health check.
    /// </summary>
    public static IServiceCollection AddReadinessSignal(this IServiceCollection services, string name, bool initiallyReady = false)
    {
        var signal = new ReadinessSignal(name, initiallyReady);
        services.AddKeyedSingleton(name, signal);
        services.AddHealthChecks().AddReadinessSignal(signal);
        return services;
    }

    /// <summary>
    /// Registers <see cref="ConsumerLagTracker"/> (exported as observable gauges) and <see cref="ConsumerStallDetector"/>
    /// (a <c>ready</c> health check), configured by the given delegates.
    /// </summary>
    public static IServiceCollection AddMlEventsConsumerLag(
        this IServiceCollection services,
        Action<ConsumerLagTrackerOptions> configureTracker,
        Action<ConsumerStallDetectorOptions>? configureStall = null)
    {
        services.Configure(configureTracker);
        if (configureStall is not null)
        {
            services.Configure(configureStall);
        }

        return services.AddMlEventsConsumerLag();
    }

    /// <summary>
    /// Registers <see cref="ConsumerLagTracker"/> and <see cref="ConsumerStallDetector"/> from
    /// <c>IOptions&lt;ConsumerLagTrackerOptions&gt;</c> / <c>IOptions&lt;ConsumerStallDetectorOptions&gt;</c> (configure or bind
    /// them yourself; <see cref="ConsumerLagTrackerOptions.Group"/> is required). Calling it again adds nothing.
    /// </summary>
    public static IServiceCollection AddMlEventsConsumerLag(this IServiceCollection services)
    {
        if (services.Any(d => d.ServiceType == typeof(ConsumerLagTracker)))
        {
            return services;
        }

        services.AddOptions<ConsumerLagTrackerOptions>().ValidateDataAnnotations();
        services.AddOptions<ConsumerStallDetectorOptions>().ValidateDataAnnotations();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(sp => new ConsumerStallDetector(
            sp.GetRequiredService<IOptions<ConsumerStallDetectorOptions>>().Value, sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton(sp => new ConsumerLagTracker(
            sp.GetRequiredService<IOptions<ConsumerLagTrackerOptions>>().Value,
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ConsumerStallDetector>()));
        services.AddSingleton<IObservableMetricsSource>(sp => sp.GetRequiredService<ConsumerLagTracker>());
        services.AddHealthChecks().AddConsumerStallCheck();
        return services;
    }
}
