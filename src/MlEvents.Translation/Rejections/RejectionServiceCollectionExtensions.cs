using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace MlEvents.Worker.Rejections;

public static class RejectionServiceCollectionExtensions
{
    /// <summary>
    /// Registers the <see cref="RejectionMonitor"/> (section <c>Rejections</c>, validated at start-up). Needs the services of
    /// <c>AddMlEventsWorker</c> and an <c>ISchemaRegistryClient</c> (<c>AddMlEventsTranslation</c> registers one).
    /// </summary>
    public static IServiceCollection AddMlEventsRejectionMonitor(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<RejectionMonitorOptions>().Bind(configuration.GetSection(RejectionMonitorOptions.SectionName)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<RejectionMonitorOptions>, RejectionMonitorOptionsValidator>());
        services.AddHostedService<RejectionMonitor>();
        return services;
    }
}
