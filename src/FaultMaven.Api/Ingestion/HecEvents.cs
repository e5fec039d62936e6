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
    /// <exception cref="HecFormatException">Not UTF-8, not JSON, an object with a key twice, an event too long, or no events.</exception>
    /// <param name="maxLineBytes">Largest event line; splitting a JSON event would make it unreadable, so a larger one is refused.</param>
    public static IReadOnlyList<HecLine> Parse(ReadOnlySpan<byte> body, string defaultSource, int maxLineBytes = int.MaxValue)
    {
        if (!System.Text.Unicode.Utf8.IsValid(body))
        {
            throw new HecFormatException("the body is not valid UTF-8");
        }

        var lines = new List<HecLine>();
        var reader = new Utf8JsonReader(body, new JsonReaderOptions { AllowMultipleValues = true });
        try
        {
            while (reader.Read())
            {
                // A key twice would make one event mean two things; JsonObject throws ArgumentException when it meets one.
                if (JsonNode.Parse(ref reader) is not JsonObject envelope)
                {
                    throw new HecFormatException("each event must be a JSON object");
                }

                var line = ToLine(envelope, defaultSource, lines.Count);
                if (Encoding.UTF8.GetByteCount(line.Json) > maxLineBytes)
                {
                    throw new HecFormatException($"event {lines.Count} is longer than {maxLineBytes} bytes as a log line");
                }

                lines.Add(line);
            }
        }
        catch (Exception exception) when (exception is JsonException or ArgumentException)
        {
            throw new HecFormatException($"event {lines.Count} is not valid JSON: {exception.Message}");
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
