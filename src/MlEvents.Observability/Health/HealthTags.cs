namespace MlEvents.Observability.Health;

/// <summary>Health check tags selecting what <c>/readyz</c> and <c>/healthz</c> evaluate.</summary>
public static class HealthTags
{
    /// <summary>Checks run by <c>/readyz</c>.</summary>
    public const string Ready = "ready";

    /// <summary>Checks run by <c>/healthz</c> (none by default: alive while the process serves HTTP).</summary>
    public const string Live = "live";
}
