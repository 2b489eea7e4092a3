namespace MlEvents.Client;

/// <summary>The latest value logged for a metric, with the step and time it was logged with (if any).</summary>
/// <param name="Value">The value (finite).</param>
/// <param name="Step">The training step (MLflow's <c>step</c>), when given.</param>
/// <param name="Timestamp">When the value was measured; default the time of the <c>LogMetric</c> call.</param>
public readonly record struct MetricValue(double Value, long? Step, DateTimeOffset Timestamp);
