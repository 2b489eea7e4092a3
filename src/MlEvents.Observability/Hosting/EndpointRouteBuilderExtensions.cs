using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace MlEvents.Observability.Hosting;

public static class EndpointRouteBuilderExtensions
{
    /// <summary>
    /// For hosts that already serve HTTP: maps /metrics, /healthz and /readyz into the app's own pipeline.
    /// Needs <see cref="ServiceCollectionExtensions.AddMlEventsObservability"/> (set Metrics:Port to 0 to skip the extra server).
    /// </summary>
    public static IEndpointRouteBuilder MapMlEventsObservability(this IEndpointRouteBuilder endpoints)
    {
        var options = endpoints.ServiceProvider.GetRequiredService<IOptions<ObservabilityOptions>>().Value;
        ObservabilityEndpoints.Map(endpoints, endpoints.ServiceProvider, options);
        return endpoints;
    }
}
