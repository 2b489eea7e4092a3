using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using MlEvents.Worker.Configuration;

namespace MlEvents.Worker.Startup;

/// <summary>Logs <see cref="PlaintextCredentials"/> warnings once at start (also when the start-up checks are disabled).</summary>
public sealed partial class CredentialsTransportWarnings(IServiceProvider services, ILogger<CredentialsTransportWarnings> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        var kafka = services.GetRequiredService<KafkaClientConfigs>();
        var warnings = PlaintextCredentials.ForKafka(kafka.Producer().ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal)).ToList();
        foreach (var source in services.GetServices<ICredentialsTransportSource>())
        {
            warnings.AddRange(source.PlaintextCredentialWarnings());
        }

        foreach (var warning in warnings)
        {
            LogPlaintextCredentials(logger, warning);
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(EventId = 160, Level = LogLevel.Warning, Message = "Credentials over an unencrypted connection: {Warning}")]
    private static partial void LogPlaintextCredentials(ILogger logger, string warning);
}
