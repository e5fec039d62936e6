using FaultMaven.Contracts;

namespace FaultMaven.Analysis.Normalization;

/// <summary>The bytes of one record of <c>logs.raw</c>: possibly several lines, in any supported format.</summary>
/// <param name="ReceivedAt">When the record reached the broker; used when a line carries no timestamp (or no year) of its own.</param>
/// <param name="TruncatedFrom">
/// For a record whose producer cut its one line to fit (the head of a line longer than its limit, docs/normalization.md,
/// "What a line is"), the line's whole length in bytes, without its ending; null when its lines are whole.
/// </param>
public sealed record RawRecord(string Source, ReadOnlyMemory<byte> Value, RawOffset Origin, DateTimeOffset ReceivedAt, long? TruncatedFrom = null);

/// <summary>
/// Everything some input turned into: each line (<see cref="LogText"/>) is in exactly one event or one dead letter, or
/// was a table header, or was blank. Over a whole stream, <see cref="Lines"/> = the events' lines
/// (<see cref="LinesOf"/>) + dead letters + <see cref="HeaderLines"/> + <see cref="BlankLines"/>; within one result an
/// event may hold lines of an earlier record (a source's pending event) or leave some to a later one.
/// </summary>
/// <param name="HeaderLines">CSV or <c>kubectl get events</c> header rows, which become per-source state rather than events.</param>
/// <param name="Lines">The lines of the records read, blank ones included.</param>
/// <param name="BlankLines">Lines of nothing but spaces, tabs, CR, FF and VT, which become nothing.</param>
public sealed record NormalizationResult(IReadOnlyList<LogEvent> Events, IReadOnlyList<DeadLetter> DeadLetters, int HeaderLines = 0, int Lines = 0, int BlankLines = 0)
{
    public static NormalizationResult Empty { get; } = new([], []);

    /// <summary>How many input lines <paramref name="logEvent"/> holds: its <c>fm.lines</c> when lines were merged, else 1.</summary>
    public static int LinesOf(LogEvent logEvent) =>
        logEvent.Attributes.TryGetValue(AttributeKeys.Lines, out var lines) && int.TryParse(lines, System.Globalization.CultureInfo.InvariantCulture, out var count) ? count : 1;
}
