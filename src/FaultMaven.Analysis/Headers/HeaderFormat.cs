using System.Text;
using System.Text.RegularExpressions;

namespace FaultMaven.Analysis.Headers;

/// <summary>
/// A Loghub-style header layout such as <c>&lt;Date&gt; &lt;Time&gt; &lt;Level&gt; &lt;Component&gt;: &lt;Content&gt;</c>:
/// <c>&lt;Name&gt;</c> is a field, the text between fields is a regular expression in which every run of spaces
/// matches any whitespace run (so <c>\[</c> is a literal bracket), exactly as logparser compiles its format column.
/// </summary>
public sealed partial class HeaderFormat
{
    public const string ContentField = "Content";

    private readonly Regex _regex;
    private readonly int _contentGroup;

    private HeaderFormat(string layout, IReadOnlyList<string> fields, Regex regex)
    {
        Layout = layout;
        Fields = fields;
        _regex = regex;
        _contentGroup = regex.GroupNumberFromName(ContentField);
    }

    public string Layout { get; }

    public IReadOnlyList<string> Fields { get; }

    /// <summary>A layout in which the whole line is the content.</summary>
    public static HeaderFormat WholeLine { get; } = Parse("<Content>");

    /// <exception cref="FormatException">The layout has no Content field, a malformed or repeated field, or invalid literal text.</exception>
    public static HeaderFormat Parse(string layout)
    {
        ArgumentNullException.ThrowIfNull(layout);
        var pattern = new StringBuilder("^");
        var fields = new List<string>();
        var position = 0;
        foreach (Match field in FieldPattern().Matches(layout))
        {
            pattern.Append(LiteralToRegex(layout[position..field.Index]));
            var name = field.Groups[1].Value;
            if (!FieldNamePattern().IsMatch(name))
            {
                throw new FormatException($"header format field <{name}> must be a name of letters, digits or underscores");
            }

            if (fields.Contains(name))
            {
                throw new FormatException($"header format field <{name}> appears more than once");
            }

            fields.Add(name);
            pattern.Append("(?<").Append(name).Append(">.*?)");
            position = field.Index + field.Length;
        }

        pattern.Append(LiteralToRegex(layout[position..])).Append('$');
        if (!fields.Contains(ContentField))
        {
            throw new FormatException($"header format \"{layout}\" has no <{ContentField}> field");
        }

        try
        {
            // Lazy fields between whitespace runs backtrack exponentially on lines of another layout; this engine is linear.
            return new HeaderFormat(layout, fields, new Regex(pattern.ToString(), RegexOptions.NonBacktracking | RegexOptions.CultureInvariant));
        }
        catch (ArgumentException error)
        {
            throw new FormatException($"header format \"{layout}\" is not a valid pattern: {error.Message}", error);
        }
    }

    /// <summary>The content of <paramref name="line"/>, or null when the line does not have this header.</summary>
    public string? ContentOf(string line)
    {
        var match = MatchOrNull(line);
        return match is null ? null : match.Groups[_contentGroup].Value;
    }

    /// <summary>Every field of <paramref name="line"/> by name, or null when the line does not have this header.</summary>
    public IReadOnlyDictionary<string, string>? FieldsOf(string line) =>
        MatchOrNull(line) is { } match ? Fields.ToDictionary(name => name, name => match.Groups[name].Value) : null;

    public override string ToString() => Layout;

    private Match? MatchOrNull(string line)
    {
        var match = _regex.Match(line.Trim());
        return match.Success ? match : null;
    }

    private static string LiteralToRegex(string literal) => SpaceRun().Replace(literal, @"\s+");

    [GeneratedRegex("<([^<>]+)>")]
    private static partial Regex FieldPattern();

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]*$")]
    private static partial Regex FieldNamePattern();

    [GeneratedRegex(" +")]
    private static partial Regex SpaceRun();
}
