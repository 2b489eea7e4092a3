using Microsoft.Extensions.Diagnostics.HealthChecks;
using MlEvents.Observability.Lag;

namespace MlEvents.Observability.Health;

/// <summary>Unhealthy while <see cref="ConsumerStallDetector"/> reports a stall (lag with no offset movement).</summary>
public sealed class ConsumerStallHealthCheck(ConsumerStallDetector detector) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var status = detector.Evaluate();
        return Task.FromResult(status.IsStalled
            ? HealthCheckResult.Unhealthy(status.Describe())
            : HealthCheckResult.Healthy(status.Describe()));
    }
}
