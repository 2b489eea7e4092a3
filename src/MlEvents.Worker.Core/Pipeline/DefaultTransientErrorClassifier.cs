using System.Net.Sockets;

namespace MlEvents.Worker.Pipeline;

/// <summary>
/// Transient: <see cref="TransientException"/>, timeouts, network and HTTP transport failures, also when wrapped in an <see cref="AggregateException"/> or as
/// inner exception. Everything else is permanent.
/// </summary>
public class DefaultTransientErrorClassifier : ITransientErrorClassifier
{
    public virtual bool IsTransient(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        for (Exception? current = exception; current is not null; current = current.InnerException)
        {
            if (current is TransientException or TimeoutException or HttpRequestException or SocketException or IOException
                or TaskCanceledException)
            {
                return true;
            }

            if (current is AggregateException aggregate)
            {
                return aggregate.InnerExceptions.Any(IsTransient);
            }
        }

        return false;
    }
}
