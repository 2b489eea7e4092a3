using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace MlEvents.Client;

/// <summary>Registration of <see cref="IMlEventsPublisher"/> in a service collection (Generic Host, ASP.NET Core).</summary>
public static class MlEventsPublisherServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="IMlEventsPublisher"/> (singleton, disposed with the container, which flushes it) bound to
    /// <paramref name="section"/> (e.g. <c>configuration.GetSection("MlEvents:Publisher")</c>), validated at start-up.
    /// A <see cref="TimeProvider"/> and an <see cref="ILoggerFactory"/> registered in the container are used.
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
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, ConnectivityCheckOnStart>());
        services.TryAddSingleton<IMlEventsPublisher>(provider =>
        {
            var options = provider.GetRequiredService<IOptions<MlEventsPublisherOptions>>().Value;
            var logger = (provider.GetService<ILoggerFactory>() ?? NullLoggerFactory.Instance).CreateLogger<MlEventsPublisher>();
            return new MlEventsPublisher(options, new KafkaEventSink(options, logger), provider.GetService<TimeProvider>(), logger);
        });
        return services;
    }
}
