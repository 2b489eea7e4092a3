namespace MlEvents.Worker.Pipeline;

/// <summary>
/// Decides whether an exception thrown by <see cref="IEventTranslator"/> is transient (retry with backoff, partition paused)
/// or permanent (the input is dead-lettered with stage <c>translate</c>). Register your own to map library-specific exceptions;
/// <see cref="DefaultTransientErrorClassifier"/> is public so it can be wrapped.
/// </summary>
public interface ITransientErrorClassifier
{
    bool IsTransient(Exception exception);
}
