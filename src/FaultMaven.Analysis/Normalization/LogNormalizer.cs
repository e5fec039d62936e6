using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using FaultMaven.Contracts;

namespace FaultMaven.Analysis.Normalization;

/// <summary>Turns raw records into <see cref="LogEvent"/>s. Every line becomes an event or a dead letter; none is dropped.</summary>
public sealed partial class LogNormalizer
{
    private const string Step = "normalize";
    private static readonly IReadOnlyDictionary<string, string> NoAttributes = new Dictionary<string, string>();

    public NormalizationResult Normalize(RawRecord record)
    {
        var text = Encoding.UTF8.GetString(record.Value.Span);
        var events = new List<LogEvent>();
        var deadLetters = new List<DeadLetter>();
        var index = 0;
        foreach (var rawLine in text.AsSpan().EnumerateLines())
        {
            var line = rawLine.TrimEnd();
            if (line.IsWhiteSpace())
            {
                continue;
            }

            var origin = record.Origin with { Index = index++ };
            if (line[0] == '{')
            {
                if (TryParseJson(line.ToString(), record, origin, out var jsonEvent, out var error))
                {
                    events.Add(jsonEvent);
                }
                else
                {
                    deadLetters.Add(new DeadLetter(error, Step, record.Source, origin, Encoding.UTF8.GetBytes(line.ToString()), record.ReceivedAt));
                }

                continue;
            }

            events.Add(ParsePlainText(line.ToString(), record, origin));
        }

        return new NormalizationResult(events, deadLetters);
    }

    private static LogEvent ParsePlainText(string line, RawRecord record, RawOffset origin)
    {
        var match = LeadingTimestampAndLevel().Match(line);
        if (!match.Success)
        {
            return new LogEvent(record.ReceivedAt, record.Source, null, null, Severity.Unknown, line, NoAttributes, origin);
        }

        var timestamp = DateTimeOffset.TryParse(match.Groups["ts"].ValueSpan, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var parsed)
            ? parsed
            : record.ReceivedAt;
        var level = SeverityParser.Parse(match.Groups["level"].ValueSpan);
        var message = line[(match.Index + match.Length)..];
        return new LogEvent(timestamp, record.Source, null, null, level, message, NoAttributes, origin);
    }

    private static bool TryParseJson(string line, RawRecord record, RawOffset origin, out LogEvent logEvent, out string error)
    {
        logEvent = null!;
        try
        {
            using var document = JsonDocument.Parse(line);
            var root = document.RootElement;
            var timestamp = record.ReceivedAt;
            var level = Severity.Unknown;
            string? message = null;
            string? service = null;
            string? host = null;
            var attributes = new Dictionary<string, string>();
            foreach (var property in root.EnumerateObject())
            {
                var value = property.Value.ValueKind == JsonValueKind.String ? property.Value.GetString()! : property.Value.GetRawText();
                switch (property.Name.ToLowerInvariant())
                {
                    case "ts" or "time" or "timestamp" or "@timestamp" when DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var parsed):
                        timestamp = parsed;
                        break;
                    case "level" or "severity" or "lvl" or "loglevel":
                        level = SeverityParser.Parse(value);
                        break;
                    case "msg" or "message" or "log":
                        message = value;
                        break;
                    case "service" or "app" or "logger":
                        service = value;
                        break;
                    case "host" or "hostname":
                        host = value;
                        break;
                    default:
                        attributes[property.Name] = value;
                        break;
                }
            }

            logEvent = new LogEvent(timestamp, record.Source, service, host, level, message ?? line, attributes, origin);
            error = string.Empty;
            return true;
        }
        catch (JsonException exception)
        {
            error = $"invalid JSON: {exception.Message}";
            return false;
        }
        catch (InvalidOperationException)
        {
            error = "JSON value is not an object";
            return false;
        }
    }

    [GeneratedRegex(@"^\[?(?<ts>\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}(?:[.,]\d+)?(?:Z|[+-]\d{2}:?\d{2})?)\]?\s+\[?(?<level>[A-Za-z]+)\]?[:\s]\s*", RegexOptions.CultureInvariant)]
    private static partial Regex LeadingTimestampAndLevel();
}
