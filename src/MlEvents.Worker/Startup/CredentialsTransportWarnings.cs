using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MlEvents.Worker.Configuration;
using MlEvents.Worker.Translation;

namespace MlEvents.Worker.Startup;

/// <summary>Logs <see cref="PlaintextCredentials"/> warnings once at start (also when the start-up checks are disabled).</summary>
public sealed partial class CredentialsTransportWarnings(IServiceProvider services, ILogger<CredentialsTransportWarnings> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        var kafka = services.GetRequiredService<KafkaClientConfigs>();
        var warnings = PlaintextCredentials.ForKafka(kafka.Producer().ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal)).ToList();
        if (services.GetService<IOptions<SchemaRegistryOptions>>()?.Value is { } registry)
        {
            var basic = !string.IsNullOrEmpty(registry.BasicAuthUserInfo);
            var bearer = !string.IsNullOrEmpty(registry.BearerAuthToken);
            warnings.AddRange(PlaintextCredentials.ForRegistry(
                registry.Url, basic || bearer, bearer ? "SchemaRegistry:BearerAuthToken" : "SchemaRegistry:BasicAuthUserInfo"));
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
