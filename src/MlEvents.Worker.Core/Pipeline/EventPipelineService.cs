using Microsoft.Extensions.Hosting;

namespace MlEvents.Worker.Pipeline;

/// <summary>Hosts <see cref="EventPipeline"/> on a dedicated long-running thread, so the blocking consume loop never stalls host start-up.</summary>
public sealed class EventPipelineService(EventPipeline pipeline) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.Factory.StartNew(
            () => pipeline.Run(stoppingToken),
            CancellationToken.None,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default);
}
