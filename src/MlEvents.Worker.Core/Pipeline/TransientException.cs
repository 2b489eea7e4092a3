namespace MlEvents.Worker.Pipeline;

/// <summary>Marks a failure that will likely go away on its own (a dependency is unreachable): the pipeline retries, never dead-letters.</summary>
public class TransientException : Exception
{
    public TransientException()
    {
    }

    public TransientException(string message)
        : base(message)
    {
    }

    public TransientException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
