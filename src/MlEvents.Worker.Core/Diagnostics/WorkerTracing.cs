using System.Diagnostics;
using System.Text;
using Confluent.Kafka;

namespace MlEvents.Worker.Diagnostics;

/// <summary>
/// One span per consumed event, <c>process {topic}</c> (kind Consumer), from the consume loop handing the event over to
/// the broker acknowledging the last record made of it, child of the <c>traceparent</c> the event carries. Attributes
/// follow OpenTelemetry's messaging conventions. Nothing is allocated unless a listener (a tracer provider with
/// <see cref="SourceName"/>) is attached.
/// </summary>
public static class WorkerTracing
{
    public const string SourceName = "MlEvents.Worker";

    private static readonly ActivitySource Source = new(SourceName, typeof(WorkerTracing).Assembly.GetName().Version?.ToString());

    /// <summary>Starts the event's span (dated back to <paramref name="consumedAt"/>, a Stopwatch timestamp) and makes it current.</summary>
    internal static Activity? StartProcessing(ConsumeResult<byte[]?, byte[]?> input, long consumedAt, string consumerGroup)
    {
        if (!Source.HasListeners())
        {
            return null;
        }

        if (!TraceContextHeaders.TryExtract(input.Message.Headers, out var parent))
        {
            Activity.Current = null; // a root span, not a child of whatever ran before on this task
        }

        var startTime = DateTimeOffset.UtcNow - Stopwatch.GetElapsedTime(consumedAt);
        var activity = Source.StartActivity($"process {input.Topic}", ActivityKind.Consumer, parent, startTime: startTime);
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag("messaging.system", "kafka");
            activity.SetTag("messaging.operation.type", "process");
            activity.SetTag("messaging.operation.name", "process");
            activity.SetTag("messaging.destination.name", input.Topic);
            activity.SetTag("messaging.destination.partition.id", input.Partition.Value.ToString(System.Globalization.CultureInfo.InvariantCulture));
            activity.SetTag("messaging.kafka.offset", input.Offset.Value);
            activity.SetTag("messaging.consumer.group.name", consumerGroup);
            if (input.Message.Key is { Length: > 0 } key)
            {
                activity.SetTag("messaging.kafka.message.key", Encoding.UTF8.GetString(key));
            }
            activity.SetTag("messaging.message.body.size", input.Message.Value?.Length ?? 0);
        }

        return activity;
    }

    /// <summary>The event was decoded and converted: its id (<c>messaging.message.id</c>), type and number of MCPs.</summary>
    internal static void Translated(Activity? activity, string? eventId, string? eventType, int records)
    {
        if (activity is not { IsAllDataRequested: true })
        {
            return;
        }

        if (eventId is not null)
        {
            activity.SetTag("messaging.message.id", eventId);
        }
        activity.SetTag("mlevents.event.type", eventType);
        activity.SetTag("mlevents.mcp.count", records);
    }

    /// <summary>A transient translation failure: the event is retried (partition paused).</summary>
    internal static void Retrying(Activity? activity, int attempt, string exceptionType)
    {
        if (activity is { IsAllDataRequested: true })
        {
            activity.AddEvent(new ActivityEvent("retry", tags: new ActivityTagsCollection
            {
                ["mlevents.retry.attempt"] = attempt,
                ["exception.type"] = exceptionType,
            }));
        }
    }

    /// <summary>The event goes to the dead-letter topic: the span ends with status Error.</summary>
    internal static void DeadLettered(Activity? activity, string stage, string reasonCategory, string reason)
    {
        if (activity is null)
        {
            return;
        }

        activity.SetStatus(ActivityStatusCode.Error, $"dead-lettered at {stage}: {reason}");
        if (activity.IsAllDataRequested)
        {
            activity.SetTag("error.type", reasonCategory);
            activity.SetTag("mlevents.dead_letter.stage", stage);
        }
    }

    /// <summary>
    /// The event's processing ended without an acknowledgement (partition released or lost, worker stopped): its offset
    /// is not committed, so it is consumed again. The span ends with status unset and says why.
    /// </summary>
    internal static void Unfinished(Activity activity, string reason)
    {
        if (activity.IsAllDataRequested)
        {
            activity.SetTag(UnfinishedTag, reason);
        }

        activity.Stop();
    }

    /// <summary>Tag on a span whose event was left unfinished (<see cref="Unfinished"/>): why.</summary>
    public const string UnfinishedTag = "mlevents.unfinished";

    /// <summary>Kafka acknowledged every record made of the event (MCPs or its dead-letter record).</summary>
    internal static void Acknowledged(Activity? activity) => activity?.Stop();
}
