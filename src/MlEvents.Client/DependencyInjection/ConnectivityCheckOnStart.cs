using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace MlEvents.Client;

/// <summary>Runs <see cref="IMlEventsPublisher.CheckConnectivityAsync"/> when the host starts, if <see cref="MlEventsPublisherOptions.CheckConnectivityOnStart"/>.</summary>
internal sealed class ConnectivityCheckOnStart(IOptions<MlEventsPublisherOptions> options, IServiceProvider services) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) =>
        options.Value.CheckConnectivityOnStart
            ? ((IMlEventsPublisher)services.GetService(typeof(IMlEventsPublisher))!).CheckConnectivityAsync(cancellationToken)
            : Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
