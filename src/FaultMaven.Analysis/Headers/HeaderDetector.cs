using FaultMaven.Analysis.Normalization;

namespace FaultMaven.Analysis.Headers;

/// <summary>The header layout chosen for a sample of lines, and the share of those lines it explains.</summary>
public sealed record DetectedHeader(HeaderFormat Format, double Coverage);

/// <summary>
/// Picks the header layout of a log from its first lines: every candidate layout is tried, a line counts only when
/// each field holds a plausible value for its name (a level is a level word, a pid is a number, a time has digits,
/// any other field one word unless brackets delimit it), and the layout explaining the most lines wins, the more specific one on a tie
/// (more fields, then more literal text).
/// Detection is by kind of header: a candidate's layout, or one of columns of a kind (<see cref="ColumnHeader"/>), never
/// text taken from the sample.
/// </summary>
public static class HeaderDetector
{
    /// <summary>A candidate must explain at least this share of the sample, else the whole line is the content.</summary>
    public const double MinimumCoverage = 0.6;

    /// <summary>
    /// The catalog layout that explains the most of <paramref name="sampleLines"/>; when none explains enough, the layout
    /// learned from their columns (<see cref="ColumnHeader"/>) or their leading logfmt pairs (<see cref="LogfmtHeader"/>),
    /// else the whole line. Lines that continue an event whatever it is (stack frames, indented lines:
    /// <see cref="MultiLineRules.ContinuesAnyEvent"/>) carry no header and are left out of the sample, so the share a
    /// layout must explain is of the lines that start events.
    /// </summary>
    public static DetectedHeader Detect(IReadOnlyList<string> sampleLines)
    {
        var starts = sampleLines.Where(line => !MultiLineRules.ContinuesAnyEvent(line)).ToList();
        var detected = Detect(starts, HeaderCatalog.Common);
        return ReferenceEquals(detected.Format, HeaderFormat.WholeLine) ? ColumnHeader.Learn(starts) ?? LogfmtHeader.Learn(starts) ?? detected : detected;
    }

    public static DetectedHeader Detect(IReadOnlyList<string> sampleLines, IReadOnlyList<HeaderFormat> candidates)
    {
        var lines = sampleLines.Where(line => !string.IsNullOrWhiteSpace(line)).ToList();
        var best = new DetectedHeader(HeaderFormat.WholeLine, 1.0);
        if (lines.Count == 0)
        {
            return best;
        }

        var bestCoverage = 0.0;
        foreach (var candidate in candidates)
        {
            var coverage = (double)lines.Count(line => Explains(candidate, line)) / lines.Count;
            var moreSpecificTie = coverage == bestCoverage && Specificity(candidate).CompareTo(Specificity(best.Format)) > 0;
            if (coverage >= MinimumCoverage && (coverage > bestCoverage || moreSpecificTie))
            {
                best = new DetectedHeader(candidate, coverage);
                bestCoverage = coverage;
            }
        }

        return best;
    }

    /// <summary>
    /// How specific a layout is, for ties: more fields first, then more literal text (log4j's <c>&lt;Logger&gt; - </c>
    /// over a layout that would leave the <c>- </c> to the message).
    /// </summary>
    private static (int Fields, int Literal) Specificity(HeaderFormat format) =>
        (format.Fields.Count, format.Layout.Length - format.Fields.Sum(field => field.Length + 2));

    /// <summary>Whether <paramref name="line"/> has the header <paramref name="format"/>, every field holding a value of its kind.</summary>
    public static bool Explains(HeaderFormat format, string line)
    {
        Span<Range> ranges = stackalloc Range[format.Fields.Count];
        if (!format.TryMatch(line, ranges))
        {
            return false;
        }

        for (var i = 0; i < ranges.Length; i++)
        {
            if (!HeaderFields.IsPlausible(format, i, line.AsSpan()[ranges[i]], strict: true))
            {
                return false;
            }
        }

        return true;
    }
}
