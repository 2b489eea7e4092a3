using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace MlEvents.Client;

public static class MlEventsPublisherServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="IMlEventsPublisher"/> (singleton, disposed with the container, which flushes it) bound to
    /// <paramref name="section"/> (e.g. <c>configuration.GetSection("MlEvents:Publisher")</c>), validated at start-up.
    /// A <see cref="TimeProvider"/> registered in the container is used for event times.
    /// </summary>
    public static IServiceCollection AddMlEventsPublisher(this IServiceCollection services, IConfiguration section)
    {
        ArgumentNullException.ThrowIfNull(section);
        return services.AddMlEventsPublisher(builder => builder.Bind(section));
    }

    /// <summary>Registers <see cref="IMlEventsPublisher"/> configured in code, validated at start-up.</summary>
    public static IServiceCollection AddMlEventsPublisher(this IServiceCollection services, Action<MlEventsPublisherOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        return services.AddMlEventsPublisher(builder => builder.Configure(configure));
    }

    private static IServiceCollection AddMlEventsPublisher(this IServiceCollection services, Action<OptionsBuilder<MlEventsPublisherOptions>> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        configure(services.AddOptions<MlEventsPublisherOptions>().ValidateOnStart());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<MlEventsPublisherOptions>, MlEventsPublisherOptionsValidator>());
        services.TryAddSingleton<IMlEventsPublisher>(provider =>
        {
            var options = provider.GetRequiredService<IOptions<MlEventsPublisherOptions>>().Value;
            return new MlEventsPublisher(options, new KafkaEventSink(options), provider.GetService<TimeProvider>());
        });
        return services;
    }
}
