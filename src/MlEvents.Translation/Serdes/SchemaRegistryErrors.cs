using System.Net;
using Confluent.SchemaRegistry;
using MlEvents.Worker.Pipeline;

namespace MlEvents.Translation.Serdes;

/// <summary>
/// Failures of Confluent's registry client: transient when retrying can help (no answer, timeout, 5xx but 501, 408, 429),
/// permanent otherwise (unknown subject or id, invalid schema, auth, GMS's 501). Looks through inner and aggregated exceptions.
/// </summary>
public static class SchemaRegistryErrors
{
    public static bool IsTransient(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case SchemaRegistryException registry:
                    return IsTransientStatus(registry.Status);
                case AggregateException { InnerExceptions.Count: > 0 } aggregate:
                    return aggregate.InnerExceptions.Any(IsTransient);
                case HttpRequestException or TimeoutException or TaskCanceledException:
                    return true; // no answer (Confluent's client throws these after its retries over every URL)
            }
        }

        return false;
    }

    /// <summary>The registry's own error, when <paramref name="exception"/> is or wraps one.</summary>
    public static SchemaRegistryException? Find(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is SchemaRegistryException registry)
            {
                return registry;
            }
        }

        return null;
    }

    private static bool IsTransientStatus(HttpStatusCode status) =>
        status is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests
        || ((int)status >= 500 && status != HttpStatusCode.NotImplemented);
}

/// <summary>The worker's classifier, telling Confluent's registry errors apart (its SchemaRegistryException is an HttpRequestException even for a 404).</summary>
public sealed class SchemaRegistryErrorClassifier : DefaultTransientErrorClassifier
{
    public override bool IsTransient(Exception exception) =>
        SchemaRegistryErrors.Find(exception) is not null ? SchemaRegistryErrors.IsTransient(exception) : base.IsTransient(exception);
}
