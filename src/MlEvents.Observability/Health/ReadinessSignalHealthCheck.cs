using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace MlEvents.Observability.Health;

public sealed class ReadinessSignalHealthCheck(IReadinessSignal signal) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var (ready, reason) = signal is ReadinessSignal concrete ? concrete.Read() : (signal.IsReady, signal.Reason);
        return Task.FromResult(ready
            ? HealthCheckResult.Healthy(reason)
            : HealthCheckResult.Unhealthy(reason ?? $"{signal.Name} not ready"));
    }
}
