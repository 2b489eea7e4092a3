namespace MlEvents.Worker.Pipeline;

/// <summary>Exponential backoff with a bounded maximum and ±20 % jitter (so paused partitions do not retry in lock-step).</summary>
public sealed class RetryBackoff(TimeSpan initialDelay, TimeSpan maxDelay, double multiplier, Func<double>? random = null)
{
    private const double Jitter = 0.2;
    private readonly Func<double> _random = random ?? Random.Shared.NextDouble;

    /// <summary>The delay before retry number <paramref name="attempt"/> (1-based).</summary>
    public TimeSpan DelayFor(int attempt)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(attempt, 1);
        var exponential = initialDelay.TotalMilliseconds * Math.Pow(multiplier, Math.Min(attempt - 1, 64));
        var capped = Math.Min(exponential, maxDelay.TotalMilliseconds);
        var jittered = capped * (1 - Jitter + (2 * Jitter * _random()));
        return TimeSpan.FromMilliseconds(Math.Min(jittered, maxDelay.TotalMilliseconds));
    }
}
