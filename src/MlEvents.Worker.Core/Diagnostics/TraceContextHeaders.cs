using System.Diagnostics;
using System.Text;
using Confluent.Kafka;

namespace MlEvents.Worker.Diagnostics;

/// <summary>
/// W3C trace context (<c>traceparent</c>, <c>tracestate</c>) in Kafka record headers: read from an event, written into
/// every record made of it, so one trace runs from the publisher through the worker to the MCPs and dead letters.
/// </summary>
public static class TraceContextHeaders
{
    public const string TraceParent = "traceparent";
    public const string TraceState = "tracestate";

    /// <summary>The remote parent context the record's headers carry; false when there is none or it is malformed.</summary>
    public static bool TryExtract(Headers? headers, out ActivityContext context)
    {
        context = default;
        if (headers is null || !headers.TryGetLastBytes(TraceParent, out var parent) || parent is null)
        {
            return false;
        }

        var state = headers.TryGetLastBytes(TraceState, out var stateBytes) && stateBytes is not null ? Encoding.ASCII.GetString(stateBytes) : null;
        return ActivityContext.TryParse(Encoding.ASCII.GetString(parent), state, isRemote: true, out context);
    }

    /// <summary>
    /// Headers for the records made of an input: the span's context when there is one, else the input's own trace headers
    /// passed through unchanged (tracing off here, the trace still continues downstream); null when there is neither.
    /// </summary>
    internal static Headers? ForOutput(Activity? activity, Headers? input)
    {
        if (activity is not null)
        {
            var headers = new Headers();
            Write(headers, activity);
            return headers;
        }

        if (input is null || !input.TryGetLastBytes(TraceParent, out var parent))
        {
            return null;
        }

        var passed = new Headers { { TraceParent, parent } };
        if (input.TryGetLastBytes(TraceState, out var state))
        {
            passed.Add(TraceState, state);
        }

        return passed;
    }

    /// <summary>Replaces the trace headers copied from the input (dead-letter records) with the span's context.</summary>
    internal static void Replace(Headers headers, Activity? activity)
    {
        if (activity is null)
        {
            return;
        }

        headers.Remove(TraceParent);
        headers.Remove(TraceState);
        Write(headers, activity);
    }

    private static void Write(Headers headers, Activity activity)
    {
        headers.Add(TraceParent, Encoding.ASCII.GetBytes(activity.Id!));
        if (!string.IsNullOrEmpty(activity.TraceStateString))
        {
            headers.Add(TraceState, Encoding.ASCII.GetBytes(activity.TraceStateString));
        }
    }
}
