namespace MlEvents.Client;

/// <summary>
/// The latest value logged for a metric, with the step and time it was logged with, if any. <c>RunFinished</c> carries
/// them (<c>metricSteps</c>, <c>metricTimestamps</c>) for consumers other than DataHub, whose metrics have only a value.
/// </summary>
/// <param name="Value">The value (finite).</param>
/// <param name="Step">The training step (MLflow's <c>step</c>), when given.</param>
/// <param name="Timestamp">When the value was measured, when given.</param>
public readonly record struct MetricValue(double Value, long? Step, DateTimeOffset? Timestamp);
