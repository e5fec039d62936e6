using System.Collections.Concurrent;
using System.Text.RegularExpressions;

namespace FaultMaven.Analysis.Headers;

/// <summary>
/// The layouts one learner writes (<see cref="ColumnHeader"/>, <see cref="LogfmtHeader"/>), parsed once per spelling and
/// shared: a source's state names its layout, and a learned one is not in <see cref="HeaderCatalog"/>. At most 1,000 are
/// kept; past that a layout is parsed on each call.
/// </summary>
/// <param name="spelling">What the learner's layouts look like; any other spelling is not one of them.</param>
internal sealed class LearnedLayouts(Regex spelling)
{
    private const int MaxKept = 1_000;

    private readonly ConcurrentDictionary<string, HeaderFormat> parsed = new(StringComparer.Ordinal);

    /// <summary>The layout spelled <paramref name="layout"/>, or null when the learner does not write such a spelling.</summary>
    public HeaderFormat? Find(string layout) =>
        parsed.TryGetValue(layout, out var format) ? format
        : !spelling.IsMatch(layout) ? null
        : parsed.Count < MaxKept ? parsed.GetOrAdd(layout, HeaderFormat.Parse)
        : HeaderFormat.Parse(layout);

    /// <summary>Whether <paramref name="format"/> is spelled as the learner writes its layouts.</summary>
    public bool Owns(HeaderFormat format) => spelling.IsMatch(format.Layout);

    /// <summary>
    /// <paramref name="layout"/> with the share of the <paramref name="all"/> non-blank lines of <paramref name="lines"/>
    /// it explains, or null when that is below <see cref="HeaderDetector.MinimumCoverage"/>.
    /// </summary>
    public DetectedHeader? IfCovering(string layout, IEnumerable<string> lines, int all)
    {
        var format = Find(layout)!;
        var coverage = (double)lines.Count(line => HeaderDetector.Explains(format, line)) / all;
        return coverage >= HeaderDetector.MinimumCoverage ? new DetectedHeader(format, coverage) : null;
    }
}
