using System.Text;
using System.Text.RegularExpressions;
using FaultMaven.Analysis.Normalization;

namespace FaultMaven.Analysis.Headers;

/// <summary>
/// A Loghub-style header layout such as <c>&lt;Date&gt; &lt;Time&gt; &lt;Level&gt; &lt;Component&gt;: &lt;Content&gt;</c>:
/// <c>&lt;Name&gt;</c> is a field, the text between fields is a regular expression in which every run of spaces
/// matches any whitespace run (so <c>\[</c> is a literal bracket), exactly as logparser compiles its format column.
/// Layouts in the catalog's shapes are matched by a hand-written matcher that finds the same fields as that expression
/// (about 20 times faster); others by the expression itself.
/// </summary>
public sealed partial class HeaderFormat
{
    public const string ContentField = "Content";

    // Fields per layout are few; a line's field ranges live on the stack below this.
    private const int MaxStackFields = 32;

    // Lazy fields between whitespace runs backtrack exponentially on lines of another layout; this engine is linear.
    private const RegexOptions ExpressionOptions = RegexOptions.NonBacktracking | RegexOptions.CultureInvariant;

    private readonly string pattern;
    private readonly HeaderMatcher? matcher;
    private readonly int contentIndex;

    /// <summary>The layout's regular expression, built when first needed (see <see cref="Parse"/>).</summary>
    private Regex? regex;

    private HeaderFormat(string layout, IReadOnlyList<string> fields, IReadOnlyList<string> literals, string pattern, Regex? regex, HeaderMatcher? matcher)
    {
        Layout = layout;
        Fields = fields;
        this.pattern = pattern;
        this.regex = regex;
        this.matcher = matcher;
        contentIndex = fields.ToList().IndexOf(ContentField);
        Roles = [.. fields.Select(HeaderFields.RoleOf)];
        AttributeNames = [.. fields.Select(field => field.ToLowerInvariant())];
        NamesHost = Roles.Contains(HeaderFieldRole.Host);
        var depth = 0;
        Optional = new bool[fields.Count];
        for (var i = 0; i < fields.Count; i++)
        {
            depth += GroupDepthChange(literals[i]);
            Optional[i] = depth > 0;
        }
        Bracketed = [.. fields.Select((_, i) => literals[i].EndsWith(@"\[", StringComparison.Ordinal) && literals[i + 1].StartsWith(@"\]", StringComparison.Ordinal))];
        Timestamp = HeaderTimestamp.For(Roles);
        LacksYear = Roles.Contains(HeaderFieldRole.Month) || !Roles.Contains(HeaderFieldRole.Date);
    }

    /// <summary>Whether the layout's timestamp may leave the year out (a month name, or a time without a date), so the reader needs a date to place it near.</summary>
    internal bool LacksYear { get; }

    public string Layout { get; }

    /// <summary>Whether lines are matched by the hand-written scanner rather than the regular expression (a layout in the catalog's shapes).</summary>
    internal bool HasScanner => matcher is not null;

    /// <summary>Whether the layout's regular expression has been built (only when the scanner cannot match its lines, or <see cref="TryMatchRegex"/> was called).</summary>
    internal bool HasBuiltExpression => Volatile.Read(ref regex) is not null;

    public IReadOnlyList<string> Fields { get; }

    /// <summary>A layout in which the whole line is the content.</summary>
    public static HeaderFormat WholeLine { get; } = Parse("<Content>");

    /// <summary>What each field holds, by position in <see cref="Fields"/>.</summary>
    internal HeaderFieldRole[] Roles { get; }

    internal HeaderTimestamp Timestamp { get; }

    /// <summary>Whether each field stands between brackets, which delimit it even when it holds spaces (a Hadoop thread, an OpenStack request).</summary>
    internal bool[] Bracketed { get; }

    /// <summary>Whether each field lies in an optional group, so that a line may leave it empty (a syslog line without a pid).</summary>
    internal bool[] Optional { get; }

    /// <summary>Whether a field names the host, as in syslog files, where the component after it is the program.</summary>
    internal bool NamesHost { get; }

    /// <summary>The attribute name of each field: its name in lower case.</summary>
    internal string[] AttributeNames { get; }

    /// <exception cref="FormatException">The layout has no Content field, a malformed or repeated field, or invalid literal text.</exception>
    public static HeaderFormat Parse(string layout)
    {
        ArgumentNullException.ThrowIfNull(layout);
        var pattern = new StringBuilder("^");
        var fields = new List<string>();
        var literals = new List<string>();
        var position = 0;
        foreach (Match field in FieldPattern().Matches(layout))
        {
            literals.Add(layout[position..field.Index]);
            pattern.Append(LiteralToRegex(literals[^1]));
            var name = field.Groups[1].Value;
            if (!FieldNamePattern().IsMatch(name))
            {
                throw new FormatException($"header format field <{name}> must be a name of letters, digits or underscores");
            }

            if (fields.Contains(name))
            {
                throw new FormatException($"header format field <{name}> appears more than once");
            }

            if (fields.Count > 0 && literals[^1].Length == 0)
            {
                // A field right after another takes at least one character, as HeaderMatcher reads it (klog's level
                // letter before the date): an empty first field would leave the two ambiguous.
                pattern[^3] = '+';
            }

            fields.Add(name);
            pattern.Append("(?<").Append(name).Append(">.*?)");
            position = field.Index + field.Length;
        }

        literals.Add(layout[position..]);
        pattern.Append(LiteralToRegex(literals[^1])).Append('$');
        if (!fields.Contains(ContentField))
        {
            throw new FormatException($"header format \"{layout}\" has no <{ContentField}> field");
        }

        // A layout the scanner compiles uses only plain text, escapes of punctuation and ( … )? groups, so its expression
        // is valid and is built only when asked for: building a non-backtracking expression took about 7 % of the CPU of
        // a short `fm templates` run (perf), and every command and service parses layouts as it starts.
        var matcher = HeaderMatcher.TryCompile(literals, fields.Count);
        try
        {
            var regex = matcher is null ? new Regex(pattern.ToString(), ExpressionOptions) : null;
            return new HeaderFormat(layout, fields, literals, pattern.ToString(), regex, matcher);
        }
        catch (ArgumentException error)
        {
            throw new FormatException($"header format \"{layout}\" is not a valid pattern: {error.Message}", error);
        }
    }

    /// <summary>The content of <paramref name="line"/>, or null when the line does not have this header.</summary>
    public string? ContentOf(string line) => TryGetContent(line, out var content) ? line[content] : null;

    /// <summary>Where the content of <paramref name="line"/> is, when the line has this header; allocates nothing.</summary>
    public bool TryGetContent(ReadOnlySpan<char> line, out Range content)
    {
        Span<Range> ranges = Fields.Count <= MaxStackFields ? stackalloc Range[Fields.Count] : new Range[Fields.Count];
        var matched = TryMatch(line, ranges);
        content = matched ? ranges[contentIndex] : default;
        return matched;
    }

    /// <summary>Every field of <paramref name="line"/> by name, or null when the line does not have this header.</summary>
    public IReadOnlyDictionary<string, string>? FieldsOf(string line)
    {
        var ranges = new Range[Fields.Count];
        if (!TryMatch(line, ranges))
        {
            return null;
        }

        var fields = new Dictionary<string, string>(Fields.Count);
        for (var i = 0; i < ranges.Length; i++)
        {
            fields[Fields[i]] = line[ranges[i]];
        }

        return fields;
    }

    /// <summary>
    /// Matches <paramref name="line"/> (surrounding whitespace ignored) against the layout; on success
    /// <paramref name="fields"/>[i] is where <see cref="Fields"/>[i] lies in <paramref name="line"/>
    /// (an empty range for a field of an optional group the line leaves out).
    /// </summary>
    /// <param name="fields">At least <see cref="Fields"/>.Count long.</param>
    public bool TryMatch(ReadOnlySpan<char> line, Span<Range> fields)
    {
        var start = line.Length - line.TrimStart().Length;
        var trimmed = line[start..].TrimEnd();
        fields = fields[..Fields.Count];
        if (matcher is not null)
        {
            if (!matcher.TryMatch(trimmed, fields))
            {
                return false;
            }

            WithoutPadding(trimmed, fields);
        }
        else if (!TryMatchRegex(trimmed, fields))
        {
            return false;
        }

        if (start > 0)
        {
            foreach (ref var range in fields)
            {
                range = (range.Start.Value + start)..(range.End.Value + start);
            }
        }

        return true;
    }

    /// <summary>
    /// Leaves the spaces inside the brackets out of each bracketed field: many layouts pad such a field to a width
    /// (log4j's <c>[%-5p]</c> writes <c>[INFO ]</c>, Spring Boot's thread <c>[           main]</c>), and the padding is
    /// not the value.
    /// </summary>
    private void WithoutPadding(ReadOnlySpan<char> line, Span<Range> fields)
    {
        for (var i = 0; i < fields.Length; i++)
        {
            if (Bracketed[i])
            {
                var (offset, length) = fields[i].GetOffsetAndLength(line.Length);
                var value = line.Slice(offset, length);
                var lead = value.Length - value.TrimStart(' ').Length;
                fields[i] = (offset + lead)..(offset + lead + value[lead..].TrimEnd(' ').Length);
            }
        }
    }

    /// <summary>
    /// The timestamp, level and content of <paramref name="line"/>, as FaultMaven reads a line of this layout everywhere
    /// (the live normalizer and the offline commands): null when the line does not match or a typed field holds no value
    /// of its kind (a level that is no level word, a pid that is no number).
    /// </summary>
    /// <param name="receivedAt">Supplies the year (or date) when the header leaves it out.</param>
    public HeaderLine? Read(string line, DateTimeOffset receivedAt)
    {
        Span<Range> ranges = Fields.Count <= MaxStackFields ? stackalloc Range[Fields.Count] : new Range[Fields.Count];
        if (!TryMatch(line, ranges))
        {
            return null;
        }

        for (var i = 0; i < ranges.Length; i++)
        {
            if (!HeaderFields.IsPlausible(this, i, line.AsSpan()[ranges[i]], strict: false))
            {
                return null;
            }
        }

        return HeaderFields.Read(this, line, ranges, receivedAt);
    }

    /// <summary>The regular expression this layout compiles to, whatever matches lines.</summary>
    internal bool TryMatchRegex(ReadOnlySpan<char> trimmed, Span<Range> fields)
    {
        var text = trimmed.ToString();
        var match = LazyInitializer.EnsureInitialized(ref regex, () => new Regex(pattern, ExpressionOptions)).Match(text);
        if (!match.Success)
        {
            return false;
        }

        for (var i = 0; i < Fields.Count; i++)
        {
            var group = match.Groups[Fields[i]];
            fields[i] = group.Success ? group.Index..(group.Index + group.Length) : default;
        }

        WithoutPadding(trimmed, fields[..Fields.Count]);
        return true;
    }

    public override string ToString() => Layout;

    /// <summary>Whether a field of the group may be empty: the groups <paramref name="literal"/> opens minus those it closes.</summary>
    private static int GroupDepthChange(string literal)
    {
        var change = 0;
        for (var i = 0; i < literal.Length; i++)
        {
            switch (literal[i])
            {
                case '\\':
                    i++;
                    break;
                case '(':
                    change++;
                    break;
                case ')':
                    change--;
                    break;
            }
        }

        return change;
    }

    private static string LiteralToRegex(string literal) => SpaceRun().Replace(literal, @"\s+");

    [GeneratedRegex("<([^<>]+)>")]
    private static partial Regex FieldPattern();

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]*$")]
    private static partial Regex FieldNamePattern();

    [GeneratedRegex(" +")]
    private static partial Regex SpaceRun();
}
