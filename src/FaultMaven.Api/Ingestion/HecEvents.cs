using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace FaultMaven.Api.Ingestion;

/// <summary>One Splunk HEC event turned into a JSON log line for logs.raw, with the source it is stored under.</summary>
public sealed record HecLine(string Source, string Json);

/// <summary>
/// Parses the body of <c>/services/collector/event</c>: one or more JSON objects, concatenated or newline-separated,
/// each with <c>event</c> (string or object) and optional <c>time</c>, <c>host</c>, <c>source</c>, <c>sourcetype</c>,
/// <c>index</c>, <c>fields</c>.
/// </summary>
public static class HecEvents
{
    public static IReadOnlyList<HecLine> Parse(ReadOnlySpan<byte> body, string defaultSource)
    {
        var lines = new List<HecLine>();
        var reader = new Utf8JsonReader(body, new JsonReaderOptions { AllowMultipleValues = true });
        while (reader.Read())
        {
            if (JsonNode.Parse(ref reader) is not JsonObject envelope)
            {
                throw new HecFormatException("each event must be a JSON object");
            }

            lines.Add(ToLine(envelope, defaultSource, lines.Count));
        }

        return lines.Count > 0 ? lines : throw new HecFormatException("no events in the request body");
    }

    private static HecLine ToLine(JsonObject envelope, string defaultSource, int index)
    {
        var line = new JsonObject();
        switch (envelope["event"])
        {
            case JsonObject fields:
                foreach (var (key, value) in fields)
                {
                    line[key] = value?.DeepClone();
                }

                break;
            case JsonValue text:
                line["message"] = text.ToString();
                break;
            default:
                throw new HecFormatException($"event {index} has no 'event' field");
        }

        Copy(envelope, line, "time");
        Copy(envelope, line, "host");
        Copy(envelope, line, "sourcetype");
        Copy(envelope, line, "index");
        if (envelope["fields"] is JsonObject extra)
        {
            foreach (var (key, value) in extra)
            {
                line.TryAdd(key, value?.DeepClone());
            }
        }

        var source = envelope["source"]?.GetValueKind() == JsonValueKind.String ? envelope["source"]!.GetValue<string>() : defaultSource;
        return new HecLine(source, line.ToJsonString());
    }

    private static void Copy(JsonObject from, JsonObject to, string name)
    {
        if (from[name] is { } value && !to.ContainsKey(name))
        {
            to[name] = value.DeepClone();
        }
    }

    /// <summary>The lines of each source as one byte chunk per source, ready for the publisher.</summary>
    public static IEnumerable<(string Source, byte[] Lines)> BySource(IEnumerable<HecLine> lines) =>
        lines.GroupBy(l => l.Source).Select(g => (g.Key, Encoding.UTF8.GetBytes(string.Join('\n', g.Select(l => l.Json)) + "\n")));
}

public sealed class HecFormatException(string message) : Exception(message);
