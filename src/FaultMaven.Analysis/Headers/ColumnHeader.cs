using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using FaultMaven.Analysis.Normalization;

namespace FaultMaven.Analysis.Headers;

/// <summary>
/// A header layout learned from a sample's leading columns, for a log whose header no catalog layout explains (a system
/// the catalog does not know: a cluster's event log of id, node, component, state and epoch columns; a logging layout
/// behind a file-name column) and whose lines no format parser of the normalizer reads (<see cref="LineParsers.ReadsAsEvent"/>). Each leading whitespace-separated column is read as a kind (an epoch, a number, a date, a
/// time, a month name, a level word, an output stream marker, a word ending in <c>:</c>, any other word); a column belongs to the header while
/// one kind holds it on most lines. A header must hold a time (an epoch, a date, a time of day or a month name) among
/// its first columns: a run of regular columns without one is content that happens to be regular. Where it ends after
/// the time is told by kinds too (<see cref="HeaderEnd"/>), so the content does not lose its first words to a guess. Lines are then read by the layout as by a catalog one (<see cref="HeaderFormat"/>).
/// </summary>
/// <remarks>
/// The field names give the fields their roles (<see cref="HeaderFields.RoleOf"/>): <c>Timestamp</c> for the first epoch,
/// <c>Date</c>, <c>Time</c>, <c>Month</c> and <c>Day</c> for the first of each, <c>Level</c>, <c>Component</c> for a word
/// ending in <c>:</c>, and <c>Column</c><i>n</i> (its 1-based position) for the rest. A learned layout is spelled in these
/// names only, which is how <see cref="Find"/> tells one from a layout of unknown origin when a source's state is read back.
/// </remarks>
public static partial class ColumnHeader
{
    /// <summary>At most this many leading columns are considered.</summary>
    public const int MaxColumns = 10;

    /// <summary>A bracket spans at most this many words more than the one that opens it.</summary>
    private const int MaxBracketWords = 5;

    /// <summary>The time must be among the first columns, this many before it at most.</summary>
    private const int MaxColumnsBeforeTime = 6;

    private static readonly LearnedLayouts Layouts = new(LearnedLayout());
    private static readonly SearchValues<char> HexDigits = SearchValues.Create("0123456789abcdefABCDEF");
    private static readonly SearchValues<char> Letters = SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz");

    private enum Kind
    {
        Epoch,
        Number,
        Date,
        Time,
        BracketedClock,
        Month,
        Level,
        BracketedLevel,
        AngleLevel,
        LevelColon,
        EnclosedId,
        BracketedId,
        SourceLocation,
        Colon,
        BracketedColon,
        Stream,
        Dash,
        Word,
    }

    /// <summary>
    /// The layout learned from <paramref name="lines"/> (blank ones ignored) with the share of them it explains, or null
    /// when the lines have no such header or it explains fewer than <see cref="HeaderDetector.MinimumCoverage"/> of them.
    /// </summary>
    public static DetectedHeader? Learn(IReadOnlyList<string> lines)
    {
        var all = lines.Count(line => !string.IsNullOrWhiteSpace(line));
        var needed = (int)Math.Ceiling(HeaderDetector.MinimumCoverage * all);
        // Lines of a format the normalizer reads (JSON, logfmt, a logging layout, syslog, klog…) keep their parser's
        // reading: columns are learned from the others, which must be most of the sample.
        var sample = lines.Where(line => !string.IsNullOrWhiteSpace(line) && !LineParsers.ReadsAsEvent(line)).ToList();
        if (sample.Count == 0 || sample.Count < needed)
        {
            return null;
        }

        var words = sample.Select(Columns).ToList();
        var kinds = new List<Kind>();
        var glued = new List<bool>();
        var holding = Enumerable.Range(0, sample.Count).ToList();
        for (var column = 0; column < MaxColumns; column++)
        {
            // A header column is followed by more text on the line: the last word is content.
            var at = column;
            var byKind = holding.Where(line => words[line].Texts.Length > at + 1)
                .GroupBy(line => (Kind: KindOf(words[line].Texts, at), Glued: words[line].Glued[at])).MaxBy(group => group.Count());
            if (byKind is null || byKind.Count() < needed)
            {
                break;
            }

            kinds.Add(byKind.Key.Kind);
            glued.Add(byKind.Key.Glued);
            holding = [.. byKind];
        }

        var end = HeaderEnd(kinds, glued);
        if (end < 0)
        {
            return null;
        }

        // Brackets written side by side are one piece of the logger's layout: the header does not end inside them.
        while (end + 1 < kinds.Count && glued[end + 1])
        {
            end++;
        }

        return Layouts.IfCovering(Layout(kinds[..(end + 1)], glued[..(end + 1)]), sample, all);
    }

    /// <summary>
    /// The learned layout spelled <paramref name="layout"/> (parsed once, then shared), or null when it is not one this
    /// class writes: a source's state names its layout, and one learned here is not in <see cref="HeaderCatalog"/>.
    /// </summary>
    public static HeaderFormat? Find(string layout) => Layouts.Find(layout);

    /// <summary>
    /// The last column of the header among the regular leading <paramref name="kinds"/>, or -1 when they hold no time
    /// early enough. Every column up to the time is header (ids, nodes and components come before it in cluster logs);
    /// after it the header goes on over numbers, times, stream markers and lone dashes (a pid, a flag, a second clock,
    /// stdout, a separator) and ends with a level or a word ending in <c>:</c> (a level then a component; a level then a
    /// lone <c>-</c>, Python logging's <c>%(levelname)s - %(message)s</c>), plain words only just before one of those (a
    /// host before a program; at most two before a level), since a message's first words are as regular as header columns where a log repeats few messages.
    /// A source location (<c>File.java:491</c>) after the time goes on as a number does.
    /// </summary>
    private static int HeaderEnd(List<Kind> kinds, List<bool> glued)
    {
        var time = kinds.FindIndex(IsClock);
        if (time < 0 || time > MaxColumnsBeforeTime)
        {
            return -1;
        }

        var end = time;
        for (var i = time + 1; i < kinds.Count; i++)
        {
            var next = i + 1 < kinds.Count ? kinds[i + 1] : Kind.Word;
            switch (kinds[i])
            {
                case var kind when IsLevel(kind):
                    return EndAfterLevel(kinds, glued, i);
                case var kind when IsComponent(kind):
                    return i;
                case Kind.Word when IsLevel(next):
                    return EndAfterLevel(kinds, glued, i + 1);
                case Kind.Word when next is Kind.Word && i + 2 < kinds.Count && IsLevel(kinds[i + 2]):
                    // Two words before the level: a source type and a component (Blue Gene/L's RAS KERNEL INFO).
                    return EndAfterLevel(kinds, glued, i + 2);
                case Kind.Word when IsComponent(next):
                    return i + 1;
                case Kind.Word when IsClock(next):
                    // A node or host between two clocks, as collectors write a relayed line's own header after theirs.
                    end = i;
                    break;
                case Kind.Word:
                    return end;
                default:
                    end = i;
                    break;
            }
        }

        return end;
    }

    /// <summary>
    /// The level at <paramref name="level"/> ends the header, or what just follows it of these: brackets written side by
    /// side with it (<c>[info][router]</c>), an enclosed id (Erlang's <c>&lt;0.123.0&gt;</c> process, a <c>[1234]</c>
    /// pid), a source location (<c>[source/common/router/router.cc:732]</c>, <c>File.java:491</c>), then a component or
    /// a lone dash. A level written with its colon (<c>NOTICE:</c>) ends it at once.
    /// </summary>
    private static int EndAfterLevel(List<Kind> kinds, List<bool> glued, int level)
    {
        if (kinds[level] == Kind.LevelColon)
        {
            return level;
        }

        var end = level;
        while (end + 1 < kinds.Count && (glued[end + 1] || kinds[end + 1] is Kind.EnclosedId or Kind.BracketedId or Kind.SourceLocation))
        {
            end++;
        }

        return end + 1 < kinds.Count && (IsComponent(kinds[end + 1]) || kinds[end + 1] == Kind.Dash) ? end + 1 : end;
    }

    /// <summary>A word ending in <c>:</c>, bare or in brackets: a logger's or component's name, which ends the header.</summary>
    private static bool IsComponent(Kind kind) => kind is Kind.Colon or Kind.BracketedColon;

    private static bool IsLevel(Kind kind) => kind is Kind.Level or Kind.BracketedLevel or Kind.AngleLevel or Kind.LevelColon;

    private static bool IsClock(Kind kind) => kind is Kind.Epoch or Kind.Date or Kind.Time or Kind.BracketedClock or Kind.Month;

    private static string Layout(List<Kind> kinds, List<bool> glued)
    {
        var layout = new StringBuilder();
        var named = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < kinds.Count; i++)
        {
            var name = kinds[i] switch
            {
                Kind.Epoch => "Timestamp",
                Kind.Date => "Date",
                Kind.Time or Kind.BracketedClock => "Time",
                Kind.Month => "Month",
                Kind.Number when i > 0 && kinds[i - 1] == Kind.Month => "Day",
                Kind.Level or Kind.BracketedLevel or Kind.AngleLevel or Kind.LevelColon => "Level",
                Kind.Colon or Kind.BracketedColon => "Component",
                Kind.Stream => "Stream",
                Kind.EnclosedId or Kind.BracketedId => "Process",
                _ => null,
            };
            name = name is not null && named.Add(name) ? name : $"Column{(i + 1).ToString(CultureInfo.InvariantCulture)}";
            if (i > 0 && !glued[i])
            {
                layout.Append(' ');
            }

            // A lone dash after the level is the layout's separator (Python logging's); anywhere else it stands for an
            // empty value of its column (a cluster log's alert flag), which other lines fill.
            if (kinds[i] == Kind.Dash && i > 0 && IsLevel(kinds[i - 1]))
            {
                layout.Append('-');
                continue;
            }

            // Brackets side by side are written into the layout, each around its field, since nothing else separates them.
            var inChain = glued[i] || (i + 1 < kinds.Count && glued[i + 1]);
            // A bracket may hold padding spaces ("[ 1326 ]"), which only the layout's own brackets let a field hold; a
            // second column of a kind, named by position, keeps its brackets in its value.
            var byRole = !name.StartsWith("Column", StringComparison.Ordinal);
            var bracketed = inChain || (byRole && kinds[i] is Kind.BracketedClock or Kind.BracketedLevel or Kind.BracketedId or Kind.BracketedColon);
            var colon = IsComponent(kinds[i]) || (kinds[i] == Kind.LevelColon && byRole);
            var angled = kinds[i] == Kind.AngleLevel && byRole;
            layout.Append(bracketed ? @"\[<" : angled ? "<<" : "<").Append(name).Append(bracketed ? @">\]" : angled ? ">>" : ">").Append(colon ? ":" : "");
        }

        return layout.Append(" <Content>").ToString();
    }

    /// <summary>
    /// The leading columns of <paramref name="line"/> (at most <see cref="MaxColumns"/>, then the rest as one): words
    /// between whitespace, except that a bracket opened by a word and closed by a later one (within
    /// <see cref="MaxBracketWords"/> words) makes one column, as a clock in brackets holds spaces (<c>[10.30 16:49:06]</c>),
    /// and brackets written side by side (<c>[2026-11-28 14:02:12.047][15][info][router]</c>, Envoy's and log4j2's
    /// layouts) make one column each, marked glued to the one before.
    /// </summary>
    private static LineColumns Columns(string line)
    {
        var words = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        var texts = new List<string>(MaxColumns + 1);
        var glued = new List<bool>(MaxColumns + 1);
        for (var i = 0; i < words.Length && texts.Count < MaxColumns; i++)
        {
            var close = words[i].StartsWith('[') && !ClosesBracket(words[i])
                ? Array.FindIndex(words, i + 1, Math.Min(MaxBracketWords, words.Length - i - 1), ClosesBracket)
                : -1;
            var column = close < 0 ? words[i] : string.Join(' ', words[i..(close + 1)]);
            i = close < 0 ? i : close;
            var first = true;
            foreach (var piece in BracketsSideBySide(column))
            {
                texts.Add(piece);
                glued.Add(!first);
                first = false;
            }
        }

        // The rest of the line, whatever it holds, stands for the content.
        if (texts.Count >= MaxColumns)
        {
            texts.RemoveRange(MaxColumns, texts.Count - MaxColumns);
            glued.RemoveRange(MaxColumns, glued.Count - MaxColumns);
            texts.Add("");
            glued.Add(false);
        }

        return new LineColumns([.. texts], [.. glued]);
    }

    /// <summary>Whether <paramref name="word"/> closes a bracket: it ends with <c>]</c>, or with <c>]:</c> as a bracketed logger name does.</summary>
    private static bool ClosesBracket(string word) => word.EndsWith(']') || word.EndsWith("]:", StringComparison.Ordinal);

    /// <summary><paramref name="column"/> cut after each <c>]</c> that a <c>[</c> follows, when it starts with a bracket; else the column itself.</summary>
    private static IEnumerable<string> BracketsSideBySide(string column)
    {
        var start = 0;
        for (var at = column.StartsWith('[') ? column.IndexOf("][", StringComparison.Ordinal) : -1; at >= 0; at = column.IndexOf("][", start, StringComparison.Ordinal))
        {
            yield return column[start..(at + 1)];
            start = at + 1;
        }

        yield return column[start..];
    }

    /// <summary>A line's leading columns, and for each whether it is written against the one before, with no space between.</summary>
    private readonly record struct LineColumns(string[] Texts, bool[] Glued);

    /// <summary>The kind of column <paramref name="at"/> of a line's <paramref name="columns"/>.</summary>
    private static Kind KindOf(string[] columns, int at)
    {
        var span = columns[at].AsSpan();
        if (span.Length > 3 && span[0] == '[' && span.EndsWith("]:"))
        {
            // A bracketed name before a colon (a game server's "[Server thread/INFO]:"): the logger, ending the header.
            return Kind.BracketedColon;
        }

        if (span.Length > 2 && span[0] == '[' && span[^1] == ']')
        {
            var inner = KindOf([columns[at][1..^1].Trim()], 0);
            return IsClock(inner) ? Kind.BracketedClock : inner == Kind.Level ? Kind.BracketedLevel : HeaderFields.IsEnclosedId(span) ? Kind.BracketedId
                : inner == Kind.SourceLocation ? Kind.SourceLocation : Kind.Word;
        }

        if (HeaderFields.IsEnclosedId(span))
        {
            return Kind.EnclosedId;
        }

        // A level in angle brackets, as ClickHouse writes it (<Information>, <Debug>).
        if (span.Length > 2 && span[0] == '<' && span[^1] == '>' && HeaderFields.IsLevel(span[1..^1]))
        {
            return Kind.AngleLevel;
        }

        if (!span.ContainsAnyExceptInRange('0', '9'))
        {
            // A date and a time of bare digits side by side (yyMMdd HHmmss, as old Hadoop layouts write them).
            return IsCompactClock(columns, at) ? Kind.Date
                : at > 0 && IsCompactClock(columns, at - 1) ? Kind.Time
                : IsEpoch(span) ? Kind.Epoch : Kind.Number;
        }

        if (HeaderFields.IsMonth(span))
        {
            return Kind.Month;
        }

        if (HeaderFields.IsLevel(span))
        {
            return Kind.Level;
        }

        if (span.Length > 1 && span[^1] == ':' && HeaderFields.IsLevel(span[..^1]))
        {
            return Kind.LevelColon;
        }

        if (span.ContainsAnyInRange('0', '9') && TimestampParser.TryParseHeader(span, DateTimeOffset.UnixEpoch, out _))
        {
            return span.Contains(':') ? Kind.Time : Kind.Date;
        }

        if (IsDate(span))
        {
            return Kind.Date;
        }

        if (IsFractionalEpoch(span))
        {
            return Kind.Epoch;
        }

        if (IsStream(span))
        {
            return Kind.Stream;
        }

        if (span is "-")
        {
            return Kind.Dash;
        }

        if (IsSignedInteger(span) || IsHexId(span))
        {
            return Kind.Number;
        }

        if (IsSourceLocation(span))
        {
            return Kind.SourceLocation;
        }

        return span.Length > 1 && span[^1] == ':' ? Kind.Colon : Kind.Word;
    }

    /// <summary>
    /// Whether <paramref name="word"/> names the output stream a collector read the line from: <c>stdout</c> or
    /// <c>stderr</c>, or a CI runner's stream marker (GitLab Runner's job log writes two hex digits of stream number and
    /// <c>O</c> or <c>E</c> for stdout or stderr, <c>+</c> after a line continued). The column belongs to the header,
    /// though a plain word there would not: it is the collector's, not the first word of the message.
    /// </summary>
    private static bool IsStream(ReadOnlySpan<char> word) =>
        word is "stdout" or "stderr"
        || (word.Length is 3 or 4 && char.IsAsciiHexDigit(word[0]) && char.IsAsciiHexDigit(word[1]) && word[2] is 'O' or 'E'
            && (word.Length == 3 || word[3] == '+'));

    /// <summary>
    /// A source file and line, bare or in brackets, braces or parentheses (<c>File.java:491</c>,
    /// <c>[source/common/router/router.cc:732]</c>, <c>{taskinstance.py:1157}</c>): a path whose last name has an
    /// extension of letters, a colon, a line number.
    /// </summary>
    private static bool IsSourceLocation(ReadOnlySpan<char> word)
    {
        if (word.Length > 2 && (word[0], word[^1]) is ('[', ']') or ('{', '}') or ('(', ')'))
        {
            word = word[1..^1];
        }

        var colon = word.LastIndexOf(':');
        var dot = colon < 0 ? -1 : word[..colon].LastIndexOf('.');
        var extension = dot < 0 ? [] : word[(dot + 1)..colon];
        return colon > 0 && colon < word.Length - 1 && !word[(colon + 1)..].ContainsAnyExceptInRange('0', '9')
            && extension.Length is > 0 and <= 5 && !extension.ContainsAnyExcept(Letters) && dot > 0 && word[..dot].IndexOfAny(' ', ':') < 0;
    }

    /// <summary>A number with its sign (<c>-1</c>): a verbosity or priority column, as Ceph writes its debug level.</summary>
    private static bool IsSignedInteger(ReadOnlySpan<char> word) =>
        word.Length is > 1 and <= 6 && word[0] is '-' or '+' && !word[1..].ContainsAnyExceptInRange('0', '9');

    /// <summary>
    /// A thread or object id in hexadecimal (<c>7f17ae065200</c>, <c>0x7f3a</c>): 6 to 16 hex digits holding a letter and a
    /// digit (a word of letters a–f alone, such as <c>added</c>, is a word), or <c>0x</c> and hex digits. Such a column
    /// is an id like a pid, and belongs to the header as numbers do.
    /// </summary>
    private static bool IsHexId(ReadOnlySpan<char> word)
    {
        if (word.Length > 2 && word[0] == '0' && word[1] is 'x' or 'X')
        {
            return !word[2..].ContainsAnyExcept(HexDigits);
        }

        return word.Length is >= 6 and <= 16 && !word.ContainsAnyExcept(HexDigits) && word.ContainsAnyInRange('0', '9') && word.ContainsAnyExceptInRange('0', '9');
    }

    /// <summary>Whether columns <paramref name="at"/> and the next are a date of 6 or 8 digits and a time of 6 that read as one timestamp.</summary>
    private static bool IsCompactClock(string[] columns, int at) =>
        at + 1 < columns.Length && columns[at].Length is 6 or 8 && columns[at + 1].Length == 6
        && !columns[at].AsSpan().ContainsAnyExceptInRange('0', '9') && !columns[at + 1].AsSpan().ContainsAnyExceptInRange('0', '9')
        && TimestampParser.TryParseHeader($"{columns[at]} {columns[at + 1]}", DateTimeOffset.UnixEpoch, out _);

    /// <summary>
    /// A date alone, three parts joined by one separator (<c>.</c>, <c>/</c> or <c>-</c>), one of them a four-digit year
    /// and the middle one a number or a month's name (<c>2005.11.09</c>, <c>09.11.2005</c>, <c>2026/11/28</c> as Squid's
    /// cache.log writes it, <c>2026-11-28</c>, <c>28-Nov-2026</c> as PHP and java.util.logging write it): the timestamp
    /// parser reads a date only with its time.
    /// </summary>
    private static bool IsDate(ReadOnlySpan<char> word)
    {
        var separator = word.IndexOfAny('.', '/', '-');
        Span<Range> parts = stackalloc Range[4];
        if (separator < 0 || word.Split(parts, word[separator]) != 3)
        {
            return false;
        }

        var years = 0;
        for (var i = 0; i < 3; i++)
        {
            var part = word[parts[i]];
            var isNumber = part.Length is > 0 and <= 4 && !part.ContainsAnyExceptInRange('0', '9');
            if (!isNumber && !(i == 1 && HeaderFields.IsMonth(part)))
            {
                return false;
            }

            years += part.Length == 4 && isNumber ? 1 : 0;
        }

        return years == 1;
    }

    /// <summary>
    /// Epoch seconds with a fraction (<c>1764338531.123</c>, <c>1320279566.452687</c>), as Squid's access log, Zeek and
    /// Python's <c>time.time()</c> write them: an epoch of ten digits, a dot, one to nine digits.
    /// </summary>
    private static bool IsFractionalEpoch(ReadOnlySpan<char> word) =>
        word.IndexOf('.') == 10 && IsEpoch(word[..10]) && TimestampParser.TryParseFractionalEpoch(word, out _);

    /// <summary>Epoch seconds or milliseconds from 2000 to 2100: ten or thirteen digits in range (a count or an id is rarely both that long and in it).</summary>
    private static bool IsEpoch(ReadOnlySpan<char> digits) =>
        long.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var value)
        && (digits.Length == 10 ? value is >= 946_684_800 and < 4_102_444_800 : digits.Length == 13 && value is >= 946_684_800_000 and < 4_102_444_800_000);

    [GeneratedRegex(@"^(<(Timestamp|Date|Time|Month|Day|Level|Stream|Process|Column[0-9]+)> |<(Component|Level)>: |\\\[<Component>\\\]: |<<Level>> |\\\[<(Time|Level|Process|Column[0-9]+)>\\\]( |(?=\\\[))|- )+<Content>$", RegexOptions.CultureInvariant)]
    private static partial Regex LearnedLayout();
}
