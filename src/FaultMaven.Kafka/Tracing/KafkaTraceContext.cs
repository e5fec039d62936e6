using System.Diagnostics;
using System.Text;
using Confluent.Kafka;

namespace FaultMaven.Pipeline.Tracing;

/// <summary>
/// W3C trace context (https://www.w3.org/TR/trace-context/) carried in Kafka record headers, the way the OpenTelemetry
/// messaging conventions propagate it: a <c>traceparent</c> and, when present, a <c>tracestate</c> header. The producer of
/// a record writes the context of its span; each step that consumes the record starts a span whose parent that is and
/// writes its own context before the record goes on, so one trace runs from the HTTP request or shipper that took the
/// lines in, through the topology, to the PostgreSQL writes of the sinks.
/// </summary>
public static class KafkaTraceContext
{
    public const string TraceParentHeader = "traceparent";
    public const string TraceStateHeader = "tracestate";

    /// <summary>The pipeline's spans; <c>FaultMaven.*</c> sources are exported by every service (ServiceDefaults).</summary>
    public static readonly ActivitySource Source = new("FaultMaven.Pipeline");

    /// <summary>
    /// Starts a producer span named <c>"{topic} publish"</c> (OpenTelemetry messaging span name), a child of the current
    /// activity; null when nothing listens.
    /// </summary>
    public static Activity? StartPublish(string topic, string source) =>
        Start(topic, "publish", ActivityKind.Producer)?
            .SetTag("faultmaven.source", source);

    /// <summary>
    /// Starts a consumer span named <c>"{topic} process"</c> whose parent is the context in <paramref name="headers"/>
    /// (a new trace when they carry none or a malformed one); null when nothing listens.
    /// </summary>
    public static Activity? StartProcess(string topic, int partition, long offset, Headers? headers) =>
        Start(topic, "process", ActivityKind.Consumer, Extract(headers))?
            .SetTag("messaging.destination.partition.id", partition.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .SetTag("messaging.kafka.offset", offset);

    /// <summary>
    /// Starts a consumer span for a batch of records: its parent is the first record's context, the others are links
    /// (a span has one parent; the messaging conventions link the rest of a batch).
    /// </summary>
    public static Activity? StartBatchProcess(string topic, IEnumerable<Headers?> headers, int count)
    {
        var contexts = headers.Select(Extract).Where(context => context != default).Distinct().ToList();
        return Start(topic, "process", ActivityKind.Consumer, contexts.FirstOrDefault(), contexts.Skip(1).Select(context => new ActivityLink(context)))?
            .SetTag("messaging.batch.message_count", count);
    }

    /// <summary>Writes <paramref name="activity"/>'s context into <paramref name="headers"/>, replacing an earlier one; nothing when it is null.</summary>
    public static void Inject(Activity? activity, Headers headers)
    {
        if (activity is null || activity.IdFormat != ActivityIdFormat.W3C)
        {
            return;
        }

        headers.Remove(TraceParentHeader);
        headers.Remove(TraceStateHeader);
        headers.Add(TraceParentHeader, Encoding.ASCII.GetBytes(activity.Id!));
        if (!string.IsNullOrEmpty(activity.TraceStateString))
        {
            headers.Add(TraceStateHeader, Encoding.ASCII.GetBytes(activity.TraceStateString));
        }
    }

    /// <summary>The context in <paramref name="headers"/>; <c>default</c> when there is none or it is malformed.</summary>
    public static ActivityContext Extract(Headers? headers)
    {
        if (headers is null || !headers.TryGetLastBytes(TraceParentHeader, out var parent))
        {
            return default;
        }

        var state = headers.TryGetLastBytes(TraceStateHeader, out var stateBytes) ? Encoding.ASCII.GetString(stateBytes) : null;
        return ActivityContext.TryParse(Encoding.ASCII.GetString(parent), state, isRemote: true, out var context) ? context : default;
    }

    /// <summary>A span named <c>"{topic} {operation}"</c> with the messaging attributes every pipeline span carries.</summary>
    private static Activity? Start(string topic, string operation, ActivityKind kind, ActivityContext parent = default, IEnumerable<ActivityLink>? links = null) =>
        Source.StartActivity($"{topic} {operation}", kind, parent, links: links)?
            .SetTag("messaging.system", "kafka")
            .SetTag("messaging.operation.type", operation)
            .SetTag("messaging.destination.name", topic);
}
