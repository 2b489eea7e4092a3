namespace MlEvents.Worker.Pipeline;

/// <summary>
/// A translator could not reach the schema registry (or it failed transiently): retried like any <see cref="TransientException"/>,
/// and marks the worker's schema-registry readiness signal not ready until a translation succeeds again.
/// </summary>
public sealed class SchemaRegistryUnavailableException(string message, Exception innerException) : TransientException(message, innerException);
