using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using MlEvents.Observability.Hosting;
using MlEvents.Observability.Lag;
using MlEvents.Worker.Configuration;
using MlEvents.Worker.Diagnostics;
using MlEvents.Worker.Pipeline;
using MlEvents.Worker.Sink;
using MlEvents.Worker.Startup;

namespace MlEvents.Worker;

public static class WorkerServiceCollectionExtensions
{
    /// <summary>Section of the consumer-lag settings (cluster_name label, statistics age), under <c>Metrics</c>.</summary>
    public const string LagSectionName = "Metrics:Lag";

    /// <summary>Section of the stall check settings (window), under <c>Metrics</c>.</summary>
    public const string StallSectionName = "Metrics:Stall";

    /// <summary>
    /// Registers the worker: options (sections <c>Kafka</c> and <c>Worker</c>, validated at start-up), the start-up
    /// checks, the pipeline and its hosted service, and its observability (section <c>Metrics</c>: the /metrics, /healthz,
    /// /readyz server, consumer lag, readiness signals, stall check). An <see cref="IEventTranslator"/> must be registered
    /// separately (or use the generic overload). Add more <see cref="IStartupCheck"/>s with <c>AddSingleton&lt;IStartupCheck, T&gt;()</c>.
    /// </summary>
    public static IServiceCollection AddMlEventsWorker(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);

        services.AddOptions<KafkaOptions>().Bind(configuration.GetSection(KafkaOptions.SectionName)).ValidateOnStart();
        services.AddOptions<WorkerOptions>().Bind(configuration.GetSection(WorkerOptions.SectionName)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<KafkaOptions>, KafkaOptionsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<WorkerOptions>, WorkerOptionsValidator>());
        AddDataHubSink(services, configuration);

        services.AddMetrics();
        AddObservability(services, configuration);
        services.TryAddSingleton<WorkerMetrics>();
        services.TryAddSingleton<KafkaClientConfigs>();
        services.TryAddSingleton<ITransientErrorClassifier, DefaultTransientErrorClassifier>();
        services.TryAddSingleton<EventPipeline>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IStartupCheck, KafkaStartupCheck>());

        // Registration order is start order: the checks run (and can fail the host) before the pipeline starts.
        services.AddHostedService<CredentialsTransportWarnings>();
        services.AddHostedService<StartupChecksService>();
        services.AddHostedService<EventPipelineService>();
        return services;
    }

    /// <summary><see cref="AddMlEventsWorker(IServiceCollection, IConfiguration)"/> plus <typeparamref name="TTranslator"/> as the translator.</summary>
    public static IServiceCollection AddMlEventsWorker<TTranslator>(this IServiceCollection services, IConfiguration configuration)
        where TTranslator : class, IEventTranslator
    {
        services.TryAddSingleton<IEventTranslator, TTranslator>();
        return services.AddMlEventsWorker(configuration);
    }

    /// <summary>
    /// Section <c>DataHub</c> (the MCP sink; validated at start-up) and the REST sink's client, start-up check and plaintext
    /// warning. The token comes from <c>DataHub:Rest:Token</c>/<c>TokenFile</c>, else the environment variables
    /// <c>DATAHUB_GMS_TOKEN</c>/<c>DATAHUB_GMS_TOKEN_FILE</c> (read through the configuration, as the host adds every variable).
    /// </summary>
    private static void AddDataHubSink(IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<DataHubSinkOptions>()
            .Bind(configuration.GetSection(DataHubSinkOptions.SectionName))
            .PostConfigure(options =>
            {
                var rest = options.Rest;
                if (string.IsNullOrEmpty(rest.Token) && string.IsNullOrEmpty(rest.TokenFile))
                {
                    rest.Token = NullIfEmpty(configuration[DataHubSinkOptions.TokenVariable]);
                    rest.TokenFile = rest.Token is null ? NullIfEmpty(configuration[DataHubSinkOptions.TokenFileVariable]) : null;
                }
            })
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<DataHubSinkOptions>, DataHubSinkOptionsValidator>());
        services.TryAddSingleton(sp => new GmsClient(sp.GetRequiredService<IOptions<DataHubSinkOptions>>(), sp.GetRequiredService<WorkerMetrics>()));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IStartupCheck, GmsStartupCheck>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ICredentialsTransportSource, GmsCredentialsTransport>());
    }

    /// <summary>Whether the configuration selects the REST sink (read at registration for the readiness signal it adds).</summary>
    public static bool UsesRestSink(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return string.Equals(configuration[$"{DataHubSinkOptions.SectionName}:{nameof(DataHubSinkOptions.Sink)}"], nameof(McpSink.Rest), StringComparison.OrdinalIgnoreCase);
    }

    private static string? NullIfEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;

    /// <summary>Metrics server (registered first, so /healthz answers while the start-up checks run), lag, readiness.</summary>
    private static void AddObservability(IServiceCollection services, IConfiguration configuration)
    {
        if (services.Any(d => d.ServiceType == typeof(WorkerReadiness)))
        {
            return; // AddMlEventsWorker called twice: health checks must not be registered twice
        }

        services.AddMlEventsObservability(configuration);
        services.AddOptions<ConsumerLagTrackerOptions>()
            .Bind(configuration.GetSection(LagSectionName))
            .Configure<IEnumerable<IConfigureOptions<WorkerOptions>>>((lag, configureWorker) => lag.Group = GroupIdOf(configureWorker));
        services.AddOptions<ConsumerStallDetectorOptions>().Bind(configuration.GetSection(StallSectionName));
        services.AddMlEventsConsumerLag();

        services.AddReadinessSignal(WorkerReadiness.KafkaAssigned);
        services.AddReadinessSignal(WorkerReadiness.ProducerDelivering, initiallyReady: true);
        services.AddReadinessSignal(WorkerReadiness.SchemaRegistryReachable, initiallyReady: true);
        services.AddReadinessSignal(WorkerReadiness.DeadLetterWritable, initiallyReady: true);
        if (UsesRestSink(configuration))
        {
            services.AddReadinessSignal(WorkerReadiness.GmsReachable, initiallyReady: true);
        }

        services.AddSingleton<WorkerReadiness>();
    }

    /// <summary>
    /// The configured group id, without <c>IOptions&lt;WorkerOptions&gt;.Value</c>: the metrics server resolves the lag tracker
    /// while the host builds its hosted services, and reading the validated value there would report only the Worker
    /// section's problems instead of letting ValidateOnStart report every section's at once.
    /// </summary>
    private static string GroupIdOf(IEnumerable<IConfigureOptions<WorkerOptions>> configureWorker)
    {
        var worker = new WorkerOptions();
        foreach (var configure in configureWorker)
        {
            configure.Configure(worker);
        }

        return worker.GroupId;
    }
}
