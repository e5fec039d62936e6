using System.Text;
using FaultMaven.Analysis.Normalization.Parsers;

namespace FaultMaven.Analysis.Normalization;

/// <summary>Offers a line to the format parsers: the source's table format and its last format first, then the rest in an order where the more specific formats come before the looser ones.</summary>
internal sealed class LineParsers
{
    private static readonly JsonLineParser Json = new(claimEveryLine: false);

    private static readonly ILineParser[] AutoOrder =
    [
        Json,
        new SyslogLineParser(),
        new KlogLineParser(),
        new PostgresLineParser(),
        new AccessLogLineParser(),
        new WebServerErrorLineParser(),
        new JournaldLineParser(),
        new LoggingLayoutLineParser(),
        new LogfmtLineParser(),
        new CsvLineParser(),
        new KubectlEventsLineParser(),
    ];

    private static readonly PlainTextLineParser PlainText = new();
    private static readonly JsonLineParser StrictJson = new(claimEveryLine: true);
    private static readonly HeaderLineParser LearnedHeader = new();

    public static LineParse Parse(LogLine line, in ParseContext context, LogFormat forced, LogFormat last)
    {
        if (forced != LogFormat.Auto)
        {
            var parse = ForcedParserFor(forced).Parse(line, context);
            return parse.Kind == LineParseKind.NotRecognized ? LineParse.Rejected($"line is not {forced}") : parse;
        }

        if (context.Table is { } table)
        {
            var tabular = AutoParserFor(table.Format).Parse(line, context);
            if (tabular.Kind != LineParseKind.Rejected)
            {
                return tabular.Kind == LineParseKind.NotRecognized ? Detect(line, context, last) ?? PlainText.Parse(line, context) : tabular;
            }

            // A line of another recognizable format is not a broken row: sources do interleave, e.g. a JSON line in a CSV stream.
            return Detect(line, context with { Table = null }, last) ?? tabular;
        }

        return Detect(line, context, last) ?? PlainText.Parse(line, context);
    }

    /// <summary>
    /// Reads <paramref name="text"/>, one line carried inside another record (the raw text of a JSON or CSV record), as
    /// a line of the source on its own, as the normalizer reads a raw line: without its container prefix, by the
    /// source's learned header or the first format that reads it as an event, else as plain text. No table applies to
    /// it, and a table header or a rejection there is just text.
    /// </summary>
    /// <param name="carrier">The record's line, whose position and flags the text shares.</param>
    public static ParsedLine ReadText(string text, LogLine carrier, in ParseContext context)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        var prefix = ContainerPrefix.Read(bytes);
        var line = new LogLine(bytes.AsMemory(prefix?.Length ?? 0), carrier.Original, carrier.Index, carrier.InvalidUtf8, carrier.Bytes, carrier.Truncated);
        var alone = context with { Table = null };
        var parsed = Detect(line, alone, LogFormat.Auto) is { Kind: LineParseKind.Event, Line: { } detected } ? detected : PlainText.Parse(line, alone).Line!;
        return prefix?.Apply(parsed) ?? parsed;
    }

    /// <summary>
    /// Whether a format parser other than plain text reads <paramref name="text"/> as an event on its own (no table, no
    /// learned header): such a line has a shape the normalizer knows, so a header learned from columns must not claim it
    /// (<see cref="Headers.ColumnHeader"/>).
    /// </summary>
    public static bool ReadsAsEvent(string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        var line = new LogLine(bytes, bytes, 0, invalidUtf8: false, bytes.Length, truncated: false);
        return Detect(line, new ParseContext(DateTimeOffset.UnixEpoch, null), LogFormat.Auto) is { Kind: LineParseKind.Event };
    }

    /// <summary>The first parser other than plain text that recognizes the line, trying the source's learned header, then its last format first.</summary>
    private static LineParse? Detect(LogLine line, in ParseContext context, LogFormat last)
    {
        // The learned header comes first, so that live lines are read as the offline commands read them; but a JSON
        // object is one whatever the source learned, as a layout can match the text inside one of its strings.
        if (context.Header is not null
            && (TryParser(Json, line, context, out var withHeader) || TryParser(LearnedHeader, line, context, out withHeader)))
        {
            return withHeader;
        }

        // Plain text accepts every line, so it is never tried early.
        if (last is not (LogFormat.Auto or LogFormat.PlainText or LogFormat.Header or LogFormat.TextTable) && TryParser(AutoParserFor(last), line, context, out var sameAsLast))
        {
            return sameAsLast;
        }

        foreach (var parser in AutoOrder)
        {
            if (parser.Format != last && TryParser(parser, line, context, out var parse))
            {
                return parse;
            }
        }

        return null;
    }

    private static bool TryParser(ILineParser parser, LogLine line, in ParseContext context, out LineParse parse)
    {
        parse = parser.Parse(line, context);
        return parse.Kind != LineParseKind.NotRecognized;
    }

    private static ILineParser ForcedParserFor(LogFormat format) => format switch
    {
        LogFormat.Json => StrictJson,
        LogFormat.Header => LearnedHeader,
        _ => AutoParserFor(format),
    };

    // Looked up for most lines (the source's last format is tried first): a table instead of Array.Find, whose lambda
    // over the format allocated a closure per line. The first parser of a format in AutoOrder, as Array.Find gave.
    private static readonly Dictionary<LogFormat, ILineParser> AutoByFormat = AutoOrder.DistinctBy(parser => parser.Format).ToDictionary(parser => parser.Format);

    private static ILineParser AutoParserFor(LogFormat format) => AutoByFormat.GetValueOrDefault(format, PlainText);
}
