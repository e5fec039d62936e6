using System.Text;

namespace FaultMaven.Agents.Knowledge;

/// <summary>
/// Literal text a regular expression cannot match without: a set of strings of which every match contains at least
/// one, compared case-insensitively (ASCII). A knowledge base holds hundreds of signatures and a paste thousands of lines;
/// finding these literals in a line with one vectorized multi-string search (<see cref="Troubleshooting.SignaturePrefilter"/>)
/// rules out almost every signature before its regex runs, the way multi-pattern matchers such as Hyperscan and
/// ripgrep prefilter on required literals.
/// </summary>
/// <remarks>
/// Conservative by construction: whatever the extractor does not understand (a character class, <c>.</c>, an escape
/// other than an escaped punctuation character, a look-around, a back reference, an optional part, a non-ASCII letter)
/// ends the literal run it is in, and a branch of an alternation with no run of at least <see cref="MinimumLength"/>
/// characters makes the whole pattern unfiltered (<c>null</c>). A wrong literal would hide a match; a missing one only
/// costs the regex run it saves.
/// </remarks>
public static class RequiredLiterals
{
    /// <summary>Shorter literals occur in most lines and would rule out nothing.</summary>
    public const int MinimumLength = 3;

    /// <summary>The most characters a class may list to continue a literal run (<c>[- ]</c>).</summary>
    private const int MaxClassCharacters = 3;

    /// <summary>The most alternatives a run of classes may spell out before it is cut.</summary>
    private const int MaxRunAlternatives = 8;

    /// <summary>
    /// The length <see cref="ForPrefilter"/> settles for when a pattern has no provable literal of
    /// <see cref="MinimumLength"/>: Envoy's response-flag fingerprint (<c>" \d{3} (UF|UH|…)</c>) otherwise ran its regex on
    /// every line of a paste, 10 % of <c>fm analyze</c> on 84,000 HDFS lines.
    /// </summary>
    public const int FallbackLength = 2;

    /// <summary>
    /// Lower-case literals of which every match of <paramref name="pattern"/> (as compiled with
    /// <c>RegexOptions.IgnoreCase | CultureInvariant</c>, without <c>IgnorePatternWhitespace</c>) contains one; null when
    /// that cannot be shown.
    /// </summary>
    /// <param name="minimumLength">The shortest literal run worth requiring.</param>
    public static IReadOnlyList<string>? Of(string pattern, int minimumLength = MinimumLength)
    {
        // Inline options that change what a literal is (x: whitespace and # are syntax) are left to the regex.
        if (pattern.Contains("(?x", StringComparison.Ordinal) || pattern.Contains("(?ix", StringComparison.Ordinal))
        {
            return null;
        }

        var reader = new Reader(pattern, minimumLength);
        var literals = reader.Alternation();
        return reader.AtEnd && !reader.Failed ? literals : null;
    }

    /// <summary>
    /// The literals a prefilter looks for before it runs <paramref name="pattern"/>: those of <see cref="Of"/>, else
    /// shorter ones (<see cref="FallbackLength"/>). A pattern without literals runs on every line, so even a common
    /// two-character literal rules out some.
    /// </summary>
    public static IReadOnlyList<string>? ForPrefilter(string pattern) => Of(pattern) ?? Of(pattern, FallbackLength);

    private sealed class Reader(string pattern, int minimumLength)
    {
        private int position;

        public bool AtEnd => position == pattern.Length;

        /// <summary>A construct the reader does not know was met: what it read after it cannot be trusted.</summary>
        public bool Failed { get; private set; }

        private char? Next => position < pattern.Length ? pattern[position] : null;

        /// <summary><c>a|b|c</c>: a match contains a literal of whichever branch matched, so the union; null if any branch has none.</summary>
        public List<string>? Alternation()
        {
            var union = new List<string>();
            var provable = true;
            while (true)
            {
                var branch = Sequence();
                if (branch is null)
                {
                    provable = false;
                }
                else
                {
                    union.AddRange(branch);
                }

                if (Next != '|')
                {
                    break;
                }

                position++;
            }

            return provable ? union.Distinct(StringComparer.Ordinal).ToList() : null;
        }

        /// <summary>
        /// A run of atoms: its most selective requirement (the longest literal run, or a required group's set). A small
        /// class of literal characters (<c>[- ]</c>) continues a run as its alternatives (<c>time-in-gc</c>,
        /// <c>time in gc</c>…), up to <see cref="MaxRunAlternatives"/> of them.
        /// </summary>
        private List<string>? Sequence()
        {
            List<string>? best = null;
            List<string> run = [string.Empty];

            void Consider(List<string>? candidate)
            {
                if (candidate is { Count: > 0 } && (best is null || Selectivity(candidate) > Selectivity(best)))
                {
                    best = candidate;
                }
            }

            void EndRun()
            {
                if (run[0].Length >= minimumLength)
                {
                    Consider(run);
                }

                run = [string.Empty];
            }

            void Append(string characters)
            {
                if (run.Count * characters.Length > MaxRunAlternatives)
                {
                    EndRun();
                }

                run = [.. run.SelectMany(prefix => characters.Select(character => prefix + character))];
            }

            while (Next is { } c && c != '|' && c != ')')
            {
                if (c == '(')
                {
                    EndRun();
                    var group = Group();
                    var (least, _) = Quantifier();
                    if (least > 0)
                    {
                        Consider(group);
                    }

                    continue;
                }

                var characters = Atom();
                var (min, max) = Quantifier();
                if (characters is null || min == 0)
                {
                    EndRun();
                    continue;
                }

                Append(characters);
                if (max != 1)
                {
                    // "ab+c" always holds "ab" and "bc", never surely "abbc" or "abc" across the repetition.
                    EndRun();
                    Append(characters);
                }
            }

            EndRun();
            return best;
        }

        /// <summary><c>(...)</c> from its opening parenthesis: its contents' requirement, or null for a look-around or an unknown construct.</summary>
        private List<string>? Group()
        {
            position++;
            var capturing = true;
            if (Next == '?')
            {
                var kind = position + 1 < pattern.Length ? pattern[position + 1] : '\0';
                var after = position + 2 < pattern.Length ? pattern[position + 2] : '\0';
                if (kind == ':')
                {
                    position += 2;
                }
                else if (kind is '=' or '!' or '>')
                {
                    // A look-ahead, or an atomic group (whose text is required, but need not be claimed).
                    position += 2;
                    capturing = false;
                }
                else if (kind == '<' && after is '=' or '!')
                {
                    position += 3;
                    capturing = false;
                }
                else if (kind is '<' or '\'')
                {
                    // A named group: (?<name>...) or (?'name'...).
                    var end = pattern.IndexOf(kind == '<' ? '>' : '\'', position + 2);
                    if (end < 0)
                    {
                        return Fail();
                    }

                    position = end + 1;
                }
                else if (char.IsAsciiLetter(kind) || kind == '-')
                {
                    // Inline options, (?i) or (?i:...): case is ignored anyway, so only the group's shape matters.
                    var end = position + 1;
                    while (end < pattern.Length && (char.IsAsciiLetter(pattern[end]) || pattern[end] == '-'))
                    {
                        end++;
                    }

                    if (end < pattern.Length && pattern[end] == ':')
                    {
                        position = end + 1;
                    }
                    else if (end < pattern.Length && pattern[end] == ')')
                    {
                        position = end + 1;
                        return null;
                    }
                    else
                    {
                        return Fail();
                    }
                }
                else
                {
                    // A conditional or a comment: not read.
                    return Fail();
                }
            }

            var inner = Alternation();
            if (Next != ')')
            {
                return Fail();
            }

            position++;
            return capturing ? inner : null;
        }

        private List<string>? Fail()
        {
            Failed = true;
            position = pattern.Length;
            return null;
        }

        /// <summary>
        /// One atom from the current position: the lower-case characters it matches when it is one literal ASCII character
        /// or a class of at most <see cref="MaxClassCharacters"/> of them, else null.
        /// </summary>
        private string? Atom()
        {
            var c = pattern[position++];
            switch (c)
            {
                case '\\':
                    return Escape() is { } escaped ? escaped.ToString() : null;
                case '[':
                    return Class();
                case '.' or '^' or '$':
                    return null;
                default:
                    return char.IsAscii(c) && !char.IsControl(c) ? char.ToLowerInvariant(c).ToString() : null;
            }
        }

        /// <summary>
        /// A class from after its <c>[</c>, consumed: its characters in lower case when it lists a few literal ASCII
        /// ones (<c>[- ]</c>, <c>[Ee]</c>, <c>[_.\-]</c>), else null (a negation, a range, an escape that is a class).
        /// </summary>
        private string? Class()
        {
            var start = position;
            SkipClass();
            var body = pattern.AsSpan(start, Math.Max(0, position - start - 1));
            if (body.IsEmpty || body[0] == '^')
            {
                return null;
            }

            var characters = new StringBuilder();
            for (var i = 0; i < body.Length; i++)
            {
                var c = body[i];
                if (c == '\\' && i + 1 < body.Length && char.IsAscii(body[i + 1]) && !char.IsAsciiLetterOrDigit(body[i + 1]) && !char.IsControl(body[i + 1]))
                {
                    c = body[++i];
                }
                else if (c is '\\' or '[' || (c == '-' && i > 0 && i < body.Length - 1) || !char.IsAscii(c) || char.IsControl(c))
                {
                    return null;
                }

                c = char.ToLowerInvariant(c);
                if (!characters.ToString().Contains(c))
                {
                    characters.Append(c);
                }
            }

            return characters.Length <= MaxClassCharacters ? characters.ToString() : null;
        }

        private char? Escape()
        {
            if (position >= pattern.Length)
            {
                return null;
            }

            var c = pattern[position++];
            if (c is 'p' or 'P' or 'k')
            {
                // \p{L}, \k<name>: skip the braces or brackets.
                var close = Next switch { '{' => '}', '<' => '>', '\'' => '\'', _ => '\0' };
                if (close != '\0')
                {
                    var end = pattern.IndexOf(close, position + 1);
                    position = end < 0 ? pattern.Length : end + 1;
                }

                return null;
            }

            if (c is 'x' or 'u' or 'c' or '0')
            {
                // \x41, \u0041, \cC, \0: a character by its code; left to the regex.
                while (Next is { } digit && char.IsAsciiHexDigit(digit))
                {
                    position++;
                }

                return null;
            }

            // Escaped punctuation is that character; an escaped letter or digit is a class, an anchor or a back reference.
            return char.IsAscii(c) && !char.IsAsciiLetterOrDigit(c) && !char.IsControl(c) ? c : null;
        }

        private void SkipClass()
        {
            // A ']' right after '[' or '[^' is a member, not the end.
            if (Next == '^')
            {
                position++;
            }

            if (Next == ']')
            {
                position++;
            }

            while (position < pattern.Length)
            {
                var c = pattern[position++];
                if (c == '\\')
                {
                    position++;
                }
                else if (c == '[' && Next == ':')
                {
                    var end = pattern.IndexOf(":]", position, StringComparison.Ordinal);
                    position = end < 0 ? pattern.Length : end + 2;
                }
                else if (c == ']')
                {
                    return;
                }
            }
        }

        /// <summary>The quantifier after an atom, consumed: (minimum, maximum) repetitions, maximum -1 for unbounded; (1, 1) for none.</summary>
        private (int Min, int Max) Quantifier()
        {
            (int, int) found;
            switch (Next)
            {
                case '?':
                    found = (0, 1);
                    position++;
                    break;
                case '*':
                    found = (0, -1);
                    position++;
                    break;
                case '+':
                    found = (1, -1);
                    position++;
                    break;
                case '{' when Braces() is { } braces:
                    found = braces;
                    break;
                default:
                    return (1, 1);
            }

            if (Next is '?' or '+')
            {
                position++; // lazy or possessive: the same repetitions
            }

            return found;
        }

        /// <summary><c>{n}</c>, <c>{n,}</c> or <c>{n,m}</c> at the current position, consumed; null (nothing consumed) when the brace is a literal.</summary>
        private (int, int)? Braces()
        {
            var end = pattern.IndexOf('}', position);
            if (end < 0)
            {
                return null;
            }

            var body = pattern.AsSpan(position + 1, end - position - 1);
            var comma = body.IndexOf(',');
            var minText = comma < 0 ? body : body[..comma];
            if (!int.TryParse(minText, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var min))
            {
                return null;
            }

            var max = min;
            if (comma >= 0)
            {
                var maxText = body[(comma + 1)..];
                if (maxText.IsEmpty)
                {
                    max = -1;
                }
                else if (!int.TryParse(maxText, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out max))
                {
                    return null;
                }
            }

            position = end + 1;
            return (min, max);
        }

        /// <summary>How much a requirement rules out: its shortest literal's length, fewer alternatives breaking ties.</summary>
        private static double Selectivity(List<string> literals) => literals.Min(literal => literal.Length) - (literals.Count / 1000.0);
    }
}
