using System.Text;
using System.Text.Json;

namespace FaultMaven.Analysis.Normalization.Parsers;

/// <summary>JSON lines: one object per line, nested objects flattened with dots, well-known fields mapped onto the event.</summary>
/// <param name="claimEveryLine">
/// When the source is forced to JSON, anything that is not an object is rejected rather than left to other parsers.
/// Otherwise a line that only looks like JSON (a printed object, a truncated line) is left to them, ending as plain text: no text is dropped.
/// </param>
internal sealed class JsonLineParser(bool claimEveryLine) : ILineParser
{
    private const int MaxDepth = 32;

    public LogFormat Format => LogFormat.Json;

    public LineParse Parse(LogLine line, in ParseContext context)
    {
        var bytes = line.Utf8.Span.TrimStart(" \t"u8);
        if (bytes.IsEmpty || (!claimEveryLine && bytes[0] != (byte)'{' && !IsJsonArray(bytes)))
        {
            return LineParse.NotRecognized;
        }

        try
        {
            var reader = new Utf8JsonReader(bytes, new JsonReaderOptions { MaxDepth = MaxDepth });
            reader.Read();
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                return !claimEveryLine ? LineParse.NotRecognized : LineParse.Rejected($"JSON value is {Describe(reader.TokenType)}, not an object");
            }

            var fields = WellKnownFields.NewFields();
            ReadObject(ref reader, bytes, prefix: null, fields);
            if (reader.Read())
            {
                return !claimEveryLine ? LineParse.NotRecognized : LineParse.Rejected($"unexpected content after the JSON object at byte {reader.TokenStartIndex}");
            }

            return LineParse.Parsed(WellKnownFields.ToParsedLine(LogFormat.Json, fields, context, line));
        }
        catch (JsonException exception)
        {
            return claimEveryLine ? LineParse.Rejected($"invalid JSON: {exception.Message}") : LineParse.NotRecognized;
        }
    }

    private static void ReadObject(ref Utf8JsonReader reader, ReadOnlySpan<byte> bytes, string? prefix, Dictionary<string, string> fields)
    {
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = prefix is null ? reader.GetString()! : $"{prefix}.{reader.GetString()}";
            reader.Read();
            switch (reader.TokenType)
            {
                case JsonTokenType.StartObject:
                    ReadObject(ref reader, bytes, name, fields);
                    break;
                case JsonTokenType.StartArray:
                    var start = (int)reader.TokenStartIndex;
                    reader.Skip();
                    fields[name] = Encoding.UTF8.GetString(bytes[start..(int)reader.BytesConsumed]);
                    break;
                case JsonTokenType.String:
                    fields[name] = reader.GetString()!;
                    break;
                case JsonTokenType.Null:
                    break;
                default:
                    fields[name] = Encoding.UTF8.GetString(reader.ValueSpan);
                    break;
            }
        }

        if (reader.TokenType != JsonTokenType.EndObject)
        {
            throw new JsonException("the JSON object is not closed");
        }
    }

    // Bracketed timestamps ("[10:00:04 INF] ...") also start with '[': the ending is checked first, as a failed parse costs an exception.
    private static bool IsJsonArray(ReadOnlySpan<byte> bytes)
    {
        if (bytes[0] != (byte)'[' || bytes.TrimEnd(" \t\r"u8)[^1] != (byte)']')
        {
            return false;
        }

        var reader = new Utf8JsonReader(bytes);
        try
        {
            return reader.Read() && reader.TrySkip() && !reader.Read();
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static string Describe(JsonTokenType token) => token switch
    {
        JsonTokenType.StartArray => "an array",
        JsonTokenType.String => "a string",
        JsonTokenType.Number => "a number",
        JsonTokenType.True or JsonTokenType.False => "a boolean",
        JsonTokenType.Null => "null",
        _ => token.ToString(),
    };
}
