using Confluent.SchemaRegistry;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using MlEvents.Conversion;
using MlEvents.Translation.Serdes;
using MlEvents.Worker.Configuration;
using MlEvents.Worker.Pipeline;
using MlEvents.Worker.Startup;

namespace MlEvents.Translation;

public static class TranslationServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="AvroEventTranslator"/> as the worker's <see cref="IEventTranslator"/>: options sections
    /// <c>SchemaRegistry</c> and <c>Conversion</c> (validated at start-up), one shared <see cref="ISchemaRegistryClient"/>,
    /// the <see cref="EventConverter"/>, and the schema registry start-up check. Use together with <c>AddMlEventsWorker</c>.
    /// </summary>
    public static IServiceCollection AddMlEventsTranslation(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);

        services.AddOptions<SchemaRegistryOptions>().Bind(configuration.GetSection(SchemaRegistryOptions.SectionName)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SchemaRegistryOptions>, SchemaRegistryOptionsValidator>());
        services.AddOptions<ConversionOptions>().Bind(configuration.GetSection(ConversionOptions.SectionName)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ConversionOptions>, ConversionOptionsValidator>());

        services.TryAddSingleton<ISchemaRegistryClient>(sp =>
            new CachedSchemaRegistryClient(sp.GetRequiredService<IOptions<SchemaRegistryOptions>>().Value.ToClientConfig()));
        services.TryAddSingleton(sp => new EventConverter(sp.GetRequiredService<IOptions<ConversionOptions>>().Value));
        services.TryAddSingleton<IEventTranslator>(sp => new DeferredEventTranslator(sp.CreateAvroEventTranslator));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IStartupCheck, SchemaRegistryStartupCheck>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ICredentialsTransportSource, SchemaRegistryCredentialsTransport>());
        var classifier = services.LastOrDefault(d => d.ServiceType == typeof(ITransientErrorClassifier));
        if (classifier is null || classifier.ImplementationType == typeof(DefaultTransientErrorClassifier))
        {
            services.Replace(ServiceDescriptor.Singleton<ITransientErrorClassifier, SchemaRegistryErrorClassifier>()); // not a host's own
        }

        return services;
    }

    /// <summary>
    /// Builds an <see cref="AvroEventTranslator"/> from the services <see cref="AddMlEventsTranslation"/> registers
    /// (e.g. to wrap it in a decorator registered as the <see cref="IEventTranslator"/> before calling it).
    /// </summary>
    public static AvroEventTranslator CreateAvroEventTranslator(this IServiceProvider services)
    {
        ArgumentNullException.ThrowIfNull(services);
        return new AvroEventTranslator(
            services.GetRequiredService<ISchemaRegistryClient>(),
            services.GetRequiredService<IOptions<SchemaRegistryOptions>>().Value.ToSerializerConfig(),
            services.GetRequiredService<EventConverter>(),
            services.GetRequiredService<IOptions<WorkerOptions>>().Value.McpTopic,
            services.GetRequiredService<IOptions<DataHubSinkOptions>>().Value.Sink == McpSink.Rest ? McpEncoding.RestProposalJson : McpEncoding.Avro);
    }
}
