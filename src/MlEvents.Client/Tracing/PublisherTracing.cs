using System.Diagnostics;
using System.Text;
using Confluent.Kafka;
using MlEvents.Contracts;

namespace MlEvents.Client;

/// <summary>
/// W3C trace context for published events. Inside an <see cref="Activity"/> (the training job's own span, or one started
/// here when a tracer provider listens to <see cref="SourceName"/>) every event carries a <c>traceparent</c> header
/// (and <c>tracestate</c> when set); the worker continues that trace into the MCPs it writes.
/// </summary>
public static class PublisherTracing
{
    /// <summary>The publisher's ActivitySource: <c>send {topic}</c> spans (kind Producer), one per event.</summary>
    public const string SourceName = "MlEvents.Client";

    /// <summary>The W3C trace context header that carries the trace id and parent span id.</summary>
    public const string TraceParentHeader = "traceparent";

    /// <summary>The W3C trace context header that carries vendor-specific trace state.</summary>
    public const string TraceStateHeader = "tracestate";

    private const string PassThroughProperty = "mlevents.trace-pass-through";

    private static readonly ActivitySource Source = new(SourceName, typeof(PublisherTracing).Assembly.GetName().Version?.ToString());

    /// <summary>
    /// Continues a trace started elsewhere (a CI step, a parent process: the <c>TRACEPARENT</c>/<c>TRACESTATE</c>
    /// environment variables of OpenTelemetry's convention): events published while the returned activity is current carry
    /// exactly this <c>traceparent</c> (or, when a tracer provider listens to <see cref="SourceName"/>, a child
    /// <c>send</c> span's). Null when <paramref name="traceParent"/> is empty or not a valid W3C traceparent. Dispose it when done.
    /// </summary>
    public static Activity? ContinueTrace(string? traceParent, string? traceState = null)
    {
        if (string.IsNullOrWhiteSpace(traceParent)
            || !ActivityContext.TryParse(traceParent.Trim(), string.IsNullOrWhiteSpace(traceState) ? null : traceState.Trim(), isRemote: true, out var context))
        {
            return null;
        }

        var activity = new Activity("mlevents.continue-trace");
        activity.SetIdFormat(ActivityIdFormat.W3C);
        activity.SetParentId(context.TraceId, context.SpanId, context.TraceFlags);
        activity.TraceStateString = context.TraceState;
        activity.SetCustomProperty(PassThroughProperty, context);
        return activity.Start();
    }

    /// <summary>A <c>send</c> span when someone listens; null otherwise (the caller's Activity, if any, is still propagated).</summary>
    internal static Activity? StartSend(string topic, MlEvent mlEvent, string key)
    {
        if (!Source.HasListeners())
        {
            return null;
        }

        // Under a continued trace the send span's parent is the caller's span, not the unrecorded carrier activity.
        var parent = Activity.Current?.GetCustomProperty(PassThroughProperty) is ActivityContext passed ? passed : default;
        var activity = Source.StartActivity($"send {topic}", ActivityKind.Producer, parent);
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag("messaging.system", "kafka");
            activity.SetTag("messaging.operation.type", "send");
            activity.SetTag("messaging.operation.name", "send");
            activity.SetTag("messaging.destination.name", topic);
            activity.SetTag("messaging.message.id", mlEvent.EventId);
            activity.SetTag("messaging.kafka.message.key", key);
            activity.SetTag("mlevents.event.type", mlEvent.Payload.TypeName);
        }

        return activity;
    }

    /// <summary>Kafka acknowledged the event: where it is stored.</summary>
    internal static void Stored(Activity? activity, int partition, long offset)
    {
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag("messaging.destination.partition.id", partition.ToString(System.Globalization.CultureInfo.InvariantCulture));
            activity.SetTag("messaging.kafka.offset", offset);
        }
    }

    internal static void Failed(Activity? activity, string description) => activity?.SetStatus(ActivityStatusCode.Error, description);

    /// <summary>The trace headers of the current activity (W3C ids only); null outside an activity.</summary>
    internal static Headers? CurrentHeaders()
    {
        if (Activity.Current is not { IdFormat: ActivityIdFormat.W3C } current)
        {
            return null;
        }

        // A continued trace has no span of its own that anyone records: pass the caller's traceparent on unchanged.
        var id = current.GetCustomProperty(PassThroughProperty) is ActivityContext ? current.ParentId : current.Id;
        if (id is null)
        {
            return null;
        }

        var headers = new Headers { { TraceParentHeader, Encoding.ASCII.GetBytes(id) } };
        if (!string.IsNullOrEmpty(current.TraceStateString))
        {
            headers.Add(TraceStateHeader, Encoding.ASCII.GetBytes(current.TraceStateString));
        }

        return headers;
    }
}
