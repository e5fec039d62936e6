using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using FaultMaven.Analysis.Normalization;
using FaultMaven.Api.Robustness;
using FaultMaven.Contracts;

namespace FaultMaven.Api.Ingestion;

/// <summary>One Splunk HEC event turned into a JSON log line for logs.raw, with the source it is stored under.</summary>
public sealed record HecLine(string Source, string Json);

/// <summary>
/// Parses the body of <c>/services/collector/event</c> as Splunk's HEC does: one or more JSON objects, concatenated with
/// or without whitespace between them, each with <c>event</c> (string or object) and optional <c>time</c> (epoch
/// seconds with decimals, as a number or a string), <c>host</c>, <c>source</c>, <c>sourcetype</c>, <c>index</c>,
/// <c>fields</c>. The log line carries <c>time</c> as an ISO 8601 timestamp, so that no reader mistakes its unit. A
/// string event is raw event text, as in Splunk: it is carried as <see cref="RecordFields.RawText"/>, which the
/// normalizer reads as a line (its timestamp, level and message, as <c>/services/collector/raw</c> would give them),
/// the envelope's <c>time</c>, <c>host</c> and <c>fields</c> winning over what the text says.
/// </summary>
public static class HecEvents
{
    /// <exception cref="HecFormatException">
    /// With HEC's code: 5 for an empty body; 6 for a body not UTF-8 or not JSON, an object with a key twice, a
    /// <c>time</c> that is not epoch seconds, a <c>source</c> too long for a source name, or, under
    /// <see cref="OversizedLines.Reject"/>, an event longer than <paramref name="maxLineBytes"/> as a log line; 12 for an
    /// event without <c>event</c>; 13 for a blank one.
    /// </exception>
    /// <param name="maxLineBytes">
    /// Longest log line an event becomes whole. A longer string event keeps the head of its text that fits beside its
    /// envelope, and <c>fm.truncated</c> = its text's whole length, as a raw line keeps its head: cut as a line, it would be
    /// the head of a JSON object, read as plain text. A longer object event is left to be cut as any line is.
    /// </param>
    public static IReadOnlyList<HecLine> Parse(ReadOnlySpan<byte> body, string defaultSource, int maxLineBytes = int.MaxValue, OversizedLines oversized = OversizedLines.Truncate)
    {
        if (body.Trim(" \t\r\n"u8).IsEmpty)
        {
            throw new HecFormatException(HecFormatException.NoData, "No data");
        }

        if (!System.Text.Unicode.Utf8.IsValid(body))
        {
            throw HecFormatException.InvalidFormat("the body is not valid UTF-8");
        }

        var lines = new List<HecLine>();
        var reader = new Utf8JsonReader(body, new JsonReaderOptions { AllowMultipleValues = true });
        try
        {
            while (reader.Read())
            {
                // Read by the rules of every JSON body, a key twice (which would make one event mean two things) at any depth
                // included: as a JsonElement, since JsonNode's own reading meets a duplicate only as an ArgumentException.
                var element = JsonSerializer.Deserialize<JsonElement>(ref reader, JsonBodies.Options);
                if (element.ValueKind != JsonValueKind.Object || JsonObject.Create(element) is not { } envelope)
                {
                    throw HecFormatException.InvalidFormat("each event must be a JSON object");
                }

                lines.Add(ToLine(envelope, defaultSource, lines.Count, maxLineBytes, oversized));
            }
        }
        catch (JsonException exception)
        {
            throw HecFormatException.InvalidFormat($"event {lines.Count} is not valid JSON: {BadInputExceptionHandler.JsonReason(exception)}");
        }

        return lines;
    }

    private static HecLine ToLine(JsonObject envelope, string defaultSource, int index, int maxLineBytes, OversizedLines oversized)
    {
        var line = new JsonObject();
        string? rawText = null;
        switch (envelope["event"])
        {
            case JsonObject fields:
                foreach (var (key, value) in fields)
                {
                    line[key] = value?.DeepClone();
                }

                break;
            case JsonValue text when string.IsNullOrWhiteSpace(text.ToString()):
                throw new HecFormatException(HecFormatException.BlankEvent, $"Event field cannot be blank (event {index})");
            case JsonValue text:
                rawText = text.ToString();
                line[RecordFields.RawText] = rawText;
                break;
            default:
                throw new HecFormatException(HecFormatException.EventRequired, $"Event field is required (event {index})");
        }

        if (envelope["time"] is { } time)
        {
            line["time"] = TimeOf(time, index);
        }

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

        var source = envelope["source"]?.GetValueKind() == JsonValueKind.String
            ? CheckedSource(envelope["source"]!.GetValue<string>(), $"the source of event {index}")
            : defaultSource;
        var json = line.ToJsonString();
        if (Encoding.UTF8.GetByteCount(json) <= maxLineBytes)
        {
            return new HecLine(source, json);
        }

        return oversized == OversizedLines.Reject
            ? throw HecFormatException.InvalidFormat($"event {index} is longer than {maxLineBytes} bytes as a log line")
            : new HecLine(source, rawText is null ? json : Fitted(line, json, rawText, maxLineBytes));
    }

    /// <summary>
    /// The line of a string event cut to at most <paramref name="maxLineBytes"/>: its text cut to the longest head that
    /// fits beside the envelope as JSON (where escapes make it longer), with the text's whole length as
    /// <see cref="AttributeKeys.Truncated"/>. An envelope too long for any text is left whole, to be cut as any line is.
    /// </summary>
    private static string Fitted(JsonObject line, string uncut, string text, int maxLineBytes)
    {
        var whole = Encoding.UTF8.GetBytes(text);
        line[AttributeKeys.Truncated] = whole.Length.ToString(CultureInfo.InvariantCulture);
        if (!Fits(0, out _))
        {
            return uncut;
        }

        // A text is at least as long in JSON as in UTF-8, so the head sought is within the first maxLineBytes bytes.
        var (fits, tooLong) = (0, maxLineBytes + 1);
        while (tooLong - fits > 1)
        {
            var middle = fits + ((tooLong - fits) / 2);
            (fits, tooLong) = Fits(middle, out _) ? (middle, tooLong) : (fits, middle);
        }

        Fits(fits, out var fitted);
        return fitted;

        bool Fits(int textBytes, out string cut)
        {
            line[RecordFields.RawText] = Encoding.UTF8.GetString(whole, 0, LogText.CutPoint(whole, textBytes));
            cut = line.ToJsonString();
            return Encoding.UTF8.GetByteCount(cut) <= maxLineBytes;
        }
    }

    /// <summary><paramref name="source"/>, when it can name a source.</summary>
    /// <exception cref="HecFormatException">Code 6 naming <paramref name="where"/>: longer than <see cref="SourceNames.MaxLength"/>.</exception>
    public static string CheckedSource(string source, string where) =>
        SourceNames.Problem(source) is { } problem ? throw HecFormatException.InvalidFormat($"{where} {problem}") : source;

    /// <summary>HEC's <c>time</c>: epoch seconds, with decimals for sub-second precision, as a JSON number or string.</summary>
    private static string TimeOf(JsonNode time, int index)
    {
        var seconds = time.GetValueKind() switch
        {
            JsonValueKind.Number => time.GetValue<double>(),
            JsonValueKind.String when double.TryParse(time.GetValue<string>(), System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var parsed) => parsed,
            _ => double.NaN,
        };
        if (!double.IsFinite(seconds) || seconds is < 0 or > 253_402_300_799)
        {
            throw HecFormatException.InvalidFormat($"event {index} has a time that is not epoch seconds: {time.ToJsonString()}");
        }

        var at = DateTimeOffset.UnixEpoch.AddTicks((long)Math.Round(seconds * TimeSpan.TicksPerSecond));
        return at.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", System.Globalization.CultureInfo.InvariantCulture);
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

/// <summary>A body HEC refuses, with the code HEC answers it with (<c>{"text": Message, "code": Code}</c>, HTTP 400).</summary>
public sealed class HecFormatException(int code, string message) : Exception(message)
{
    public const int NoData = 5;
    public const int InvalidDataFormat = 6;
    public const int EventRequired = 12;
    public const int BlankEvent = 13;

    public int Code { get; } = code;

    public static HecFormatException InvalidFormat(string detail) => new(InvalidDataFormat, $"Invalid data format: {detail}");
}
