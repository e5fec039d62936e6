using FaultMaven.Contracts;

namespace FaultMaven.Analysis.Normalization.Parsers;

/// <summary>
/// <c>kubectl get events</c> tables (<c>LAST SEEN  TYPE  REASON  OBJECT  MESSAGE</c>, optionally with NAMESPACE first). The header is
/// remembered per source; in rows only the last column (MESSAGE) contains spaces, so rows are split on whitespace, which survives
/// <c>--watch</c> output whose column widths change.
/// </summary>
internal sealed class KubectlEventsLineParser : ILineParser
{
    private const string LastSeen = "LAST SEEN";

    public LogFormat Format => LogFormat.KubectlEvents;

    public LineParse Parse(LogLine line, in ParseContext context)
    {
        var text = line.Text;
        if (IsHeader(text))
        {
            var columns = text.Replace(LastSeen, "LAST_SEEN", StringComparison.Ordinal).Split(' ', StringSplitOptions.RemoveEmptyEntries);
            return LineParse.NewHeader(new TableHeader(LogFormat.KubectlEvents, columns));
        }

        if (context.Table is not { Format: LogFormat.KubectlEvents } header)
        {
            return LineParse.NotRecognized;
        }

        var cells = text.Split(' ', header.Columns.Count, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (cells.Length != header.Columns.Count)
        {
            return LineParse.Rejected($"kubectl events row has {cells.Length} columns; the header has {header.Columns.Count}");
        }

        var attributes = WellKnownFields.NewFields();
        var message = text;
        var level = Severity.Unknown;
        DateTimeOffset? timestamp = null;
        for (var i = 0; i < cells.Length; i++)
        {
            switch (header.Columns[i])
            {
                case "MESSAGE":
                    message = cells[i];
                    break;
                case "TYPE":
                    level = cells[i] switch { "Warning" => Severity.Warn, "Normal" => Severity.Info, _ => SeverityParser.Parse(cells[i]) };
                    attributes["kubernetes.event_type"] = cells[i];
                    break;
                case "LAST_SEEN" when TryParseAge(cells[i], out var age) && age.Ticks < context.ReceivedAt.UtcTicks:
                    timestamp = context.ReceivedAt - age;
                    break;
                default:
                    attributes["kubernetes." + header.Columns[i].ToLowerInvariant()] = cells[i];
                    break;
            }
        }

        return LineParse.Parsed(new ParsedLine(LogFormat.KubectlEvents, timestamp, level, message, Attributes: attributes));
    }

    internal static bool IsHeader(string text) =>
        (text.StartsWith(LastSeen, StringComparison.Ordinal) || text.StartsWith("NAMESPACE ", StringComparison.Ordinal))
        && text.Contains(LastSeen, StringComparison.Ordinal) && text.EndsWith("MESSAGE", StringComparison.Ordinal);

    /// <summary>kubectl's ages: <c>45s</c>, <c>5m</c>, <c>2m30s</c>, <c>3h</c>, <c>2d</c>.</summary>
    private static bool TryParseAge(string text, out TimeSpan age)
    {
        age = TimeSpan.Zero;
        var number = 0L;
        var sawUnit = false;
        foreach (var c in text)
        {
            if (char.IsAsciiDigit(c))
            {
                number = (number * 10) + (c - '0');
                continue;
            }

            var unit = c switch { 's' => TimeSpan.FromSeconds(1), 'm' => TimeSpan.FromMinutes(1), 'h' => TimeSpan.FromHours(1), 'd' => TimeSpan.FromDays(1), _ => TimeSpan.Zero };
            if (unit == TimeSpan.Zero || number > 100_000)
            {
                return false;
            }

            age += unit * number;
            number = 0;
            sawUnit = true;
        }

        return sawUnit && number == 0;
    }
}
