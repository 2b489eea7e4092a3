using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MlEvents.Worker.Configuration;

namespace MlEvents.Worker.Startup;

/// <summary>Runs every <see cref="IStartupCheck"/> in StartAsync, before the worker service starts; any failure stops the host.</summary>
public sealed partial class StartupChecksService(
    IEnumerable<IStartupCheck> checks, IOptions<WorkerOptions> options, ILogger<StartupChecksService> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!options.Value.StartupCheckEnabled)
        {
            LogSkipped(logger);
            return;
        }

        var failures = new List<string>();
        foreach (var check in checks)
        {
            try
            {
                await check.CheckAsync(cancellationToken).ConfigureAwait(false);
                LogPassed(logger, check.Name);
            }
            catch (StartupCheckException exception)
            {
                failures.Add($"{check.Name}: {exception.Message}");
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                failures.Add($"{check.Name}: unexpected {exception.GetType().Name}: {exception.Message}");
            }
        }

        if (failures.Count > 0)
        {
            var message = "Start-up checks failed (set Worker__StartupCheckEnabled=false to skip them):" + Environment.NewLine
                + string.Join(Environment.NewLine, failures.Select(f => "  - " + f));
            LogFailed(logger, message);
            throw new StartupCheckException(message);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(EventId = 200, Level = LogLevel.Information, Message = "Start-up check passed: {Check}")]
    private static partial void LogPassed(ILogger logger, string check);

    [LoggerMessage(EventId = 201, Level = LogLevel.Critical, Message = "{Message}")]
    private static partial void LogFailed(ILogger logger, string message);

    [LoggerMessage(EventId = 202, Level = LogLevel.Warning, Message = "Start-up checks are disabled (Worker:StartupCheckEnabled=false)")]
    private static partial void LogSkipped(ILogger logger);
}
