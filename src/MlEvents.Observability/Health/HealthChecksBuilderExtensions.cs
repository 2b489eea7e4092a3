using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using MlEvents.Observability.Lag;

namespace MlEvents.Observability.Health;

public static class HealthChecksBuilderExtensions
{
    /// <summary>Adds a readiness check (tag <c>ready</c>) backed by <paramref name="signal"/>.</summary>
    public static IHealthChecksBuilder AddReadinessSignal(this IHealthChecksBuilder builder, IReadinessSignal signal) =>
        builder.Add(new HealthCheckRegistration(
            signal.Name,
            _ => new ReadinessSignalHealthCheck(signal),
            HealthStatus.Unhealthy,
            [HealthTags.Ready]));

    /// <summary>Adds the consumer stall check (tag <c>ready</c>); needs a <see cref="ConsumerStallDetector"/> service.</summary>
    public static IHealthChecksBuilder AddConsumerStallCheck(this IHealthChecksBuilder builder, string name = "consumer-not-stalled") =>
        builder.Add(new HealthCheckRegistration(
            name,
            sp => new ConsumerStallHealthCheck(sp.GetRequiredService<ConsumerStallDetector>()),
            HealthStatus.Unhealthy,
            [HealthTags.Ready]));
}
