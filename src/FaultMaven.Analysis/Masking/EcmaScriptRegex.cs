using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace FaultMaven.Analysis.Masking;

/// <summary>
/// Rewrites a .NET regular expression into an ECMAScript one (for <c>new RegExp(source, flags)</c> with the <c>u</c>
/// flag) that matches the same text, so the browser extension masks exactly as the server does.
/// </summary>
/// <remarks>
/// The classes whose meaning differs are spelled out: .NET's <c>\w</c>, <c>\d</c>, <c>\s</c> and <c>\b</c> are Unicode-aware
/// (ECMAScript's are ASCII), its <c>.</c> only excludes <c>\n</c> and its <c>$</c> also matches before a final <c>\n</c>.
/// What has no ECMAScript equivalent (atomic groups, inline option groups, class subtraction, right-to-left) throws
/// <see cref="NotSupportedException"/> naming the construct, so a new rule that cannot run in the browser fails the export test.
/// One difference is left: .NET matches UTF-16 code units, so a letter outside the Basic Multilingual Plane is no <c>\w</c> there.
/// </remarks>
public static class EcmaScriptRegex
{
    /// <summary>.NET's <c>\w</c>: letters, non-spacing marks, decimal digits and connector punctuation.</summary>
    internal const string WordClass = @"\p{L}\p{Mn}\p{Nd}\p{Pc}";

    /// <summary>What .NET's <c>\b</c> counts as a word character: <see cref="WordClass"/> and the zero-width (non-)joiners.</summary>
    internal const string BoundaryWordClass = WordClass + @"\u200C\u200D";

    internal const string DigitClass = @"\p{Nd}";

    internal const string SpaceClass = @"\f\n\r\t\v\x85\p{Z}";

    private const string Boundary = "(?:(?<=[" + BoundaryWordClass + "])(?![" + BoundaryWordClass + "])|(?<![" + BoundaryWordClass + "])(?=[" + BoundaryWordClass + "]))";

    private const string SyntaxCharacters = @"^$\.*+?()[]{}|/";

    private const RegexOptions Ignored = RegexOptions.CultureInvariant | RegexOptions.Compiled;

    /// <summary>The ECMAScript source and flags (<c>u</c>, plus <c>i</c> when the expression ignores case) of <paramref name="regex"/>.</summary>
    /// <exception cref="NotSupportedException">The expression uses an option or construct ECMAScript cannot express.</exception>
    public static (string Source, string Flags) Translate(Regex regex)
    {
        var options = regex.Options & ~Ignored;
        var pattern = regex.ToString();
        var leading = Regex.Match(pattern, @"^\(\?([a-z]+)\)");
        if (leading.Success)
        {
            foreach (var letter in leading.Groups[1].Value)
            {
                options |= letter switch
                {
                    'i' => RegexOptions.IgnoreCase,
                    's' => RegexOptions.Singleline,
                    _ => throw new NotSupportedException($"inline option '{letter}' in /{pattern}/"),
                };
            }

            pattern = pattern[leading.Length..];
        }

        var unsupported = options & ~(RegexOptions.IgnoreCase | RegexOptions.Singleline);
        if (unsupported != RegexOptions.None)
        {
            throw new NotSupportedException($"option {unsupported} in /{pattern}/");
        }

        var source = TranslateBody(pattern, singleline: options.HasFlag(RegexOptions.Singleline));
        return (source, options.HasFlag(RegexOptions.IgnoreCase) ? "iu" : "u");
    }

    private static string TranslateBody(string pattern, bool singleline)
    {
        var output = new StringBuilder(pattern.Length * 2);
        var inClass = false;
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            if (c == '\\')
            {
                i++;
                output.Append(Escape(pattern, ref i, inClass));
            }
            else if (inClass)
            {
                switch (c)
                {
                    case ']':
                        inClass = false;
                        output.Append(c);
                        break;
                    case '[':
                        output.Append(@"\[");
                        break;
                    case '-' when i + 1 < pattern.Length && pattern[i + 1] == '[':
                        throw new NotSupportedException($"class subtraction in /{pattern}/");
                    default:
                        output.Append(c);
                        break;
                }
            }
            else
            {
                switch (c)
                {
                    case '[':
                        inClass = true;
                        output.Append('[');
                        if (i + 1 < pattern.Length && pattern[i + 1] == '^')
                        {
                            output.Append('^');
                            i++;
                        }

                        // .NET reads a ']' right after the opening bracket as a literal; ECMAScript as an empty class.
                        if (i + 1 < pattern.Length && pattern[i + 1] == ']')
                        {
                            output.Append(@"\]");
                            i++;
                        }

                        break;
                    case '.':
                        output.Append(singleline ? @"[\s\S]" : @"[^\n]");
                        break;
                    case '$':
                        output.Append(@"(?=\n?$)");
                        break;
                    case '(':
                        output.Append(Group(pattern, ref i));
                        break;
                    case '{':
                        var quantifier = Regex.Match(pattern[i..], @"^\{\d+(?:,\d*)?\}");
                        output.Append(quantifier.Success ? quantifier.Value : @"\{");
                        i += quantifier.Success ? quantifier.Length - 1 : 0;
                        break;
                    case '}':
                        output.Append(@"\}");
                        break;
                    default:
                        output.Append(c);
                        break;
                }
            }
        }

        return output.ToString();
    }

    private static string Group(string pattern, ref int i)
    {
        var rest = pattern.AsSpan(i);
        string[] plain = ["(?:", "(?=", "(?!", "(?<=", "(?<!"];
        foreach (var opening in plain)
        {
            if (rest.StartsWith(opening, StringComparison.Ordinal))
            {
                i += opening.Length - 1;
                return opening;
            }
        }

        if (rest.StartsWith("(?<", StringComparison.Ordinal) || !rest.StartsWith("(?", StringComparison.Ordinal))
        {
            return "(";
        }

        throw new NotSupportedException($"group '{rest[..Math.Min(4, rest.Length)]}' in /{pattern}/");
    }

    private static string Escape(string pattern, ref int i, bool inClass)
    {
        var c = pattern[i];
        string Class(string members, bool negated) => (inClass, negated) switch
        {
            (false, false) => $"[{members}]",
            (false, true) => $"[^{members}]",
            (true, false) => members,
            _ => throw new NotSupportedException($@"negated class \{c} inside [...] in /{pattern}/"),
        };

        switch (c)
        {
            case 'w' or 'W':
                return Class(WordClass, c == 'W');
            case 'd' or 'D':
                return Class(DigitClass, c == 'D');
            case 's' or 'S':
                return Class(SpaceClass, c == 'S');
            case 'b':
                return inClass ? @"\x08" : Boundary;
            case 'e':
                return @"\x1B";
            case 'a':
                return @"\x07";
            case 'z':
                return "$";
            case 'p' or 'P' or 'k':
                var end = pattern.IndexOfAny(['}', '>'], i);
                var escape = @"\" + pattern[i..(end + 1)];
                i = end;
                return escape;
            case 'x':
                i += 2;
                return @"\x" + pattern.Substring(i - 1, 2);
            case 'u':
                i += 4;
                return @"\u" + pattern.Substring(i - 3, 4);
            case 'n' or 'r' or 't' or 'f' or 'v':
                return @"\" + c;
            case >= '0' and <= '9':
                return @"\" + c;
            case '-' when inClass:
                return @"\-";
            case var letter when char.IsAsciiLetter(letter):
                throw new NotSupportedException($@"escape \{letter} in /{pattern}/");
            default:
                // ECMAScript with the u flag only accepts escapes of its syntax characters; anything else is a literal.
                return SyntaxCharacters.Contains(c, StringComparison.Ordinal)
                    ? @"\" + c
                    : c is > ' ' and < (char)127 ? c.ToString() : @"\u" + ((int)c).ToString("X4", CultureInfo.InvariantCulture);
        }
    }
}
