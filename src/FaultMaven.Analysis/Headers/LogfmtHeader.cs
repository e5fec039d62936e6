using System.Text;
using System.Text.RegularExpressions;

namespace FaultMaven.Analysis.Headers;

/// <summary>
/// The header of a logfmt log (<c>ts=2026-12-02T10:00:00.000Z level=info caller=main.go:125 msg="build info" version=…</c>):
/// the leading pairs whose keys name the time, the level and the calling site, in whatever order the logger writes them
/// (go-kit, as Prometheus and its family log: <c>ts</c>, <c>caller</c>, <c>level</c>; Loki: <c>level</c>, <c>ts</c>,
/// <c>caller</c>; logrus: <c>time</c>, <c>level</c>). The message and the program's own pairs are the content, as
/// for any other header. A header must hold the time, as <see cref="ColumnHeader"/>'s must: <c>level=info msg=…</c>
/// alone is content. Only the template miner and <c>fm detect</c> use it; the normalizer reads such lines with its
/// logfmt parser, which keeps every pair as an attribute (<see cref="HeaderCatalog.IsReadByOwnParser"/>).
/// </summary>
public static partial class LogfmtHeader
{
    private static readonly LearnedLayouts Layouts = new(LearnedLayout());

    /// <summary>
    /// The layout spelled by the header pairs most of <paramref name="lines"/> (blank ones ignored) begin with, with the
    /// share of them it explains; null when fewer than <see cref="HeaderDetector.MinimumCoverage"/> of them have it.
    /// </summary>
    public static DetectedHeader? Learn(IReadOnlyList<string> lines)
    {
        var all = lines.Where(line => !string.IsNullOrWhiteSpace(line)).ToList();
        var common = all.Select(LayoutOf).OfType<string>().GroupBy(layout => layout, StringComparer.Ordinal).MaxBy(group => group.Count());
        if (common is null || common.Count() < HeaderDetector.MinimumCoverage * all.Count)
        {
            return null;
        }

        return Layouts.IfCovering(common.Key, all, all.Count);
    }

    /// <summary>The logfmt header layout spelled <paramref name="layout"/> (parsed once, then shared), or null when it is not one this class writes.</summary>
    public static HeaderFormat? Find(string layout) => Layouts.Find(layout);

    /// <summary>Whether <paramref name="format"/> is a layout this class writes.</summary>
    public static bool Owns(HeaderFormat format) => Layouts.Owns(format);

    /// <summary>
    /// The layout of the header pairs <paramref name="line"/> begins with, or null when they hold no time. A pair belongs
    /// to the header when its key names a header role not seen before on the line and a value follows it with more text
    /// after; the line's last pair is content. A header value may be quoted, as logrus quotes every value holding a
    /// character outside its plain set (<c>time="2026-11-28T14:02:11.000835033Z"</c>: the colons), so the quotes belong
    /// to the layout; a message is quoted too but its key names no header role.
    /// </summary>
    private static string? LayoutOf(string line)
    {
        var layout = new StringBuilder();
        var roles = new HashSet<string>(StringComparer.Ordinal);
        var rest = line.AsSpan();
        while (true)
        {
            var equals = rest.IndexOf('=');
            if (equals <= 0 || RoleOf(rest[..equals]) is not { } role || roles.Contains(role))
            {
                break;
            }

            var quoted = equals + 1 < rest.Length && rest[equals + 1] == '"';
            var valueStart = equals + (quoted ? 2 : 1);
            var valueLength = quoted ? rest[valueStart..].IndexOf('"') : rest[valueStart..].IndexOf(' ');
            var end = valueStart + valueLength + (quoted ? 1 : 0);
            if (valueLength <= 0 || end >= rest.Length || rest[end] != ' ')
            {
                break;
            }

            roles.Add(role);
            layout.Append(rest[..equals]).Append(quoted ? "=\"<" : "=<").Append(role).Append(quoted ? ">\" " : "> ");
            rest = rest[end..].TrimStart(' ');
        }

        return roles.Contains("Timestamp") ? layout.Append("<Content>").ToString() : null;
    }

    /// <summary>The header field a logfmt key names, by the keys loggers use for it (go-kit, logrus, zap's logfmt encoders, hclog).</summary>
    private static string? RoleOf(ReadOnlySpan<char> key) => key switch
    {
        "ts" or "t" or "time" or "timestamp" => "Timestamp",
        "level" or "lvl" or "severity" => "Level",
        "caller" => "Caller",
        _ => null,
    };

    [GeneratedRegex(@"^((ts|t|time|timestamp)=(<Timestamp>|""<Timestamp>"") |(level|lvl|severity)=(<Level>|""<Level>"") |caller=(<Caller>|""<Caller>"") )+<Content>$", RegexOptions.CultureInvariant)]
    private static partial Regex LearnedLayout();
}
