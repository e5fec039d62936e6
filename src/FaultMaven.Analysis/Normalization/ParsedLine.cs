using FaultMaven.Contracts;

namespace FaultMaven.Analysis.Normalization;

/// <summary>What a format parser read from one line, before multi-line merging and masking.</summary>
/// <param name="Timestamp">Null when the line has none; the record's arrival time is used instead.</param>
/// <param name="ContinuesPrevious">The format itself marks the line as part of the previous event (PostgreSQL DETAIL, HINT...).</param>
internal sealed record ParsedLine(
    LogFormat Format,
    DateTimeOffset? Timestamp,
    Severity Level,
    string Message,
    string? Service = null,
    string? Host = null,
    Dictionary<string, string>? Attributes = null,
    bool ContinuesPrevious = false);

internal enum LineParseKind
{
    NotRecognized,
    Event,
    Header,
    Rejected,
}

/// <summary>The outcome of offering a line to one parser.</summary>
internal readonly record struct LineParse(LineParseKind Kind, ParsedLine? Line = null, string? Reason = null, TableHeader? Header = null)
{
    public static LineParse NotRecognized => default;

    public static LineParse Parsed(ParsedLine line) => new(LineParseKind.Event, line);

    public static LineParse Rejected(string reason) => new(LineParseKind.Rejected, Reason: reason);

    public static LineParse NewHeader(TableHeader header) => new(LineParseKind.Header, Header: header);
}

/// <summary>The header row of a tabular source (CSV, <c>kubectl get events</c>, a pasted text table), remembered per source.</summary>
/// <param name="Line">The header line as it was written, for a text table, whose rows are aligned on it.</param>
public sealed record TableHeader(LogFormat Format, IReadOnlyList<string> Columns, string? Line = null);

/// <summary>
/// What a parser may know besides the line: when it arrived, the source's table header, the header layout learned for
/// the source (null when none), and the dates the record's other lines give.
/// </summary>
internal readonly record struct ParseContext(DateTimeOffset ReceivedAt, TableHeader? Table, Headers.HeaderFormat? Header = null, InputDates? Dates = null)
{
    /// <summary>What a timestamp without a year or a day is placed near: the input's own date when it has one, else the arrival time.</summary>
    public DateTimeOffset DateReference => Dates?.Reference ?? ReceivedAt;
}

/// <summary>Reads one log format.</summary>
internal interface ILineParser
{
    LogFormat Format { get; }

    /// <summary>Returns <see cref="LineParseKind.NotRecognized"/> quickly when the line is not in this format.</summary>
    LineParse Parse(LogLine line, in ParseContext context);
}
