using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using MlEvents.Worker.Configuration;
using MlEvents.Worker.Diagnostics;
using MlEvents.Worker.Pipeline;
using MlEvents.Worker.Startup;

namespace MlEvents.Worker;

public static class WorkerServiceCollectionExtensions
{
    /// <summary>
    /// Registers the worker: options (sections <c>Kafka</c> and <c>Worker</c>, validated at start-up), the start-up
    /// checks, the pipeline and its hosted service. An <see cref="IEventTranslator"/> must be registered separately
    /// (or use the generic overload). Add more <see cref="IStartupCheck"/>s with <c>AddSingleton&lt;IStartupCheck, T&gt;()</c>.
    /// </summary>
    public static IServiceCollection AddMlEventsWorker(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);

        services.AddOptions<KafkaOptions>().Bind(configuration.GetSection(KafkaOptions.SectionName)).ValidateOnStart();
        services.AddOptions<WorkerOptions>().Bind(configuration.GetSection(WorkerOptions.SectionName)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<KafkaOptions>, KafkaOptionsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<WorkerOptions>, WorkerOptionsValidator>());

        services.AddMetrics();
        services.TryAddSingleton<WorkerMetrics>();
        services.TryAddSingleton<KafkaClientConfigs>();
        services.TryAddSingleton<ITransientErrorClassifier, DefaultTransientErrorClassifier>();
        services.TryAddSingleton<EventPipeline>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IStartupCheck, KafkaStartupCheck>());

        // Registration order is start order: the checks run (and can fail the host) before the pipeline starts.
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
}
