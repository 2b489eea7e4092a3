using Microsoft.Extensions.Logging;

namespace MlEvents.Client;

/// <summary>
/// Every event a publisher could not deliver: kept (the first <see cref="MaxKept"/>), logged, and passed to the
/// user's callback. Errors no caller saw (a cancelled wait, disposal) are logged as errors; those a caller got as an
/// exception only at debug level.
/// </summary>
internal sealed partial class UndeliveredLog(ILogger logger, Action<UndeliveredEvent>? callback)
{
    public const int MaxKept = 1000;
    private readonly List<UndeliveredEvent> _kept = [];
    private int _count;

    public int Count => Volatile.Read(ref _count);

    public IReadOnlyList<UndeliveredEvent> Snapshot()
    {
        lock (_kept) return [.. _kept];
    }

    public void Add(UndeliveredEvent undelivered, bool callerSawIt)
    {
        lock (_kept)
        {
            if (_kept.Count < MaxKept) _kept.Add(undelivered);
            _count++;
        }
        if (callerSawIt)
        {
            LogFailed(logger, undelivered.EventType, undelivered.EventId, undelivered.Key, undelivered.Reason);
        }
        else
        {
            LogUndelivered(logger, undelivered.Error, undelivered.EventType, undelivered.EventId, undelivered.Key, undelivered.Reason);
        }
        try
        {
            callback?.Invoke(undelivered);
        }
        catch (Exception e)
        {
            LogCallbackFailed(logger, e, undelivered.EventId);
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "{EventType} {EventId} (key {Key}) was not published: {Reason}")]
    private static partial void LogFailed(ILogger logger, string eventType, string? eventId, string key, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "{EventType} {EventId} (key {Key}) was not delivered and no caller was told: {Reason}")]
    private static partial void LogUndelivered(ILogger logger, Exception? error, string eventType, string? eventId, string key, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "The OnUndelivered callback threw for event {EventId}")]
    private static partial void LogCallbackFailed(ILogger logger, Exception error, string? eventId);
}
