namespace MlEvents.Translation.Avro;

/// <summary>Classifies failures from the registry client and the serdes, including when wrapped by Confluent.Kafka.</summary>
public static class SchemaRegistryErrors
{
    /// <summary>
    /// True when the exception (or one it wraps, e.g. inside Confluent.Kafka's ProduceException/ConsumeException)
    /// is a transient registry failure: retry the message later instead of dead-lettering it.
    /// Everything else raised by this library (bad wire format, unknown schema id, schema that cannot be conformed,
    /// 4xx answers) is permanent.
    /// </summary>
    public static bool IsTransient(Exception exception)
    {
        for (Exception? e = exception; e is not null; e = e.InnerException)
        {
            if (e is SchemaRegistryException sre) return sre.IsTransient;
            if (e is AggregateException agg && agg.InnerExceptions.Count > 0) return agg.InnerExceptions.Any(IsTransient);
        }
        return false;
    }
}
