using System.Runtime.CompilerServices;

namespace FaultMaven.Analysis.Templates;

/// <summary>
/// The content of one line split on whitespace, with every token that is a variable by its form replaced by
/// <see cref="Wildcard.Marker"/> (see <see cref="TokenMasking"/>); a quantity written as two tokens
/// (<c>5.2 KB</c>, <c>1024 bytes (1.0 KB)</c>, <c>&lt;1 sec</c>) becomes one, and so does a timestamp (<see cref="TimestampSpans"/>). Reused from line to line so that masking allocates nothing.
/// Splitting the content records each word's <see cref="TokenShape"/> in the same scan, and the rules consult it
/// before scanning the word again.
/// </summary>
/// <param name="measureShapes">
/// False gives every word <see cref="TokenShape.Unknown"/>, so that every rule scans it: the reference the tests
/// compare the shaped masking with.
/// </param>
internal sealed class MaskedLine(bool measureShapes = true)
{
    /// <summary>What a number before a unit may hold (<see cref="TokenMasking.IsQuantity"/>): digits, dots and openers.</summary>
    private const CharClasses QuantityNumberClasses = CharClasses.Digit | CharClasses.Dot | TokenMasking.OpenerClasses;

    /// <summary>What a numbered name may hold (<see cref="NumberedNamePrefix"/>).</summary>
    private const CharClasses NumberedNameClasses = CharClasses.LowerLetter | CharClasses.Digit | CharClasses.Comma;

    private const CharClasses DateSeparators = CharClasses.Dash | CharClasses.Slash;

    private char[] text = new char[256];
    private int[] tokenEnds = new int[32];
    private Range[] words = new Range[32];
    private TokenShape[] shapes = new TokenShape[32];
    private Range[] sources = new Range[32];

    public int TokenCount { get; private set; }

    /// <summary>The masked tokens joined by single spaces.</summary>
    public ReadOnlySpan<char> Text => text.AsSpan(0, TokenCount == 0 ? 0 : tokenEnds[TokenCount - 1]);

    public ReadOnlySpan<char> Token(int index)
    {
        var start = index == 0 ? 0 : tokenEnds[index - 1] + 1;
        return text.AsSpan(start, tokenEnds[index] - start);
    }

    /// <summary>Where the token at <paramref name="index"/> came from in the content last loaded.</summary>
    public Range Source(int index) => sources[index];

    public string[] Tokens()
    {
        var tokens = new string[TokenCount];
        for (var i = 0; i < tokens.Length; i++)
        {
            tokens[i] = Token(i).ToString();
        }

        return tokens;
    }

    /// <remarks>
    /// Compiled optimized at once, as the other per-word methods marked so: a command mines a file within seconds, and
    /// their unoptimized first tier took about a sixth of <c>fm templates</c>' CPU on 1 M lines before promotion.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Load(ReadOnlySpan<char> content)
    {
        var wordCount = SplitWords(content);
        var listEnd = -1;
        // Masking never lengthens a word by more than the marker per character, so this bound is safe.
        EnsureCapacity(ref text, content.Length * Wildcard.Marker.Length + 1);
        EnsureCapacity(ref tokenEnds, wordCount);
        EnsureCapacity(ref sources, wordCount);
        TokenCount = 0;
        var length = 0;
        for (var i = 0; i < wordCount; i++)
        {
            if (TokenCount > 0)
            {
                text[length++] = ' ';
            }

            var word = content[words[i]];
            var shape = shapes[i];
            if (!shape.Lacks(CharClasses.Quote) && QuotedFieldEnd(content, i, wordCount) is var quotedEnd && quotedEnd > i)
            {
                // One token for the whole quoted value, each of its words masked as a word would be.
                for (var j = i; j <= quotedEnd; j++)
                {
                    if (j > i)
                    {
                        text[length++] = ' ';
                    }

                    length += TokenMasking.Mask(content[words[j]], shapes[j], text.AsSpan(length));
                }

                sources[TokenCount] = new Range(words[i].Start, words[quotedEnd].End);
                tokenEnds[TokenCount++] = length;
                i = quotedEnd;
                continue;
            }

            var timestampEnd = MayStartTimestamp(shape, word.Length) ? TimestampSpans.End(content, words.AsSpan(0, wordCount), i) : -1;
            var quantityEnd = timestampEnd >= i ? -1 : QuantityEnd(content, i, wordCount);
            var spanEnd = Math.Max(timestampEnd, quantityEnd);
            listEnd = i > listEnd && MayBeNumberedName(shape) ? NumberedNameListEnd(content, i, wordCount) : listEnd;
            if (i <= listEnd)
            {
                // One masked value per name, so that lists of different lengths align as runs of markers.
                length += TokenMasking.MaskQuantity(word, word, parenthesized: false, text.AsSpan(length));
                sources[TokenCount] = words[i];
            }
            else if (timestampEnd >= i || quantityEnd > i)
            {
                length += TokenMasking.MaskQuantity(word, content[words[spanEnd]], parenthesized: quantityEnd - i == 3, text.AsSpan(length));
                sources[TokenCount] = new Range(words[i].Start, words[spanEnd].End);
                i = spanEnd;
            }
            else
            {
                length += TokenMasking.Mask(word, shape, text.AsSpan(length));
                sources[TokenCount] = words[i];
            }

            tokenEnds[TokenCount++] = length;
        }
    }

    /// <summary>Splits on the whitespace <see cref="Tokenizer.Split"/> splits on, collecting each word's character classes in the same scan.</summary>
    /// <remarks>
    /// The hottest loop of mining (a tenth of <c>fm templates</c>' CPU on 1 M HDFS lines as one loop over every
    /// character with a test for the end inside): here a word's characters are read in an inner loop with no other
    /// branch, through local copies of the class table and the word arrays whose lengths the JIT knows, so that no
    /// access checks its bounds again.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private int SplitWords(ReadOnlySpan<char> content)
    {
        var wordRanges = words;
        var wordShapes = shapes;
        var table = TokenShape.AsciiClassTable;
        var count = 0;
        var i = 0;
        while (true)
        {
            while (i < content.Length && content[i] < table.Length && table[content[i]] == CharClasses.Whitespace)
            {
                i++;
            }

            if (i >= content.Length)
            {
                return count;
            }

            var start = i;
            var classes = CharClasses.None;
            while (i < content.Length)
            {
                var c = content[i];
                var charClass = c < table.Length ? table[c] : CharClasses.NonAscii;
                if (charClass == CharClasses.Whitespace)
                {
                    break;
                }

                classes |= charClass;
                i++;
            }

            if (count == wordRanges.Length || count == wordShapes.Length)
            {
                EnsureCapacity(ref words, count + 1);
                EnsureCapacity(ref shapes, count + 1);
                (wordRanges, wordShapes) = (words, shapes);
            }

            wordRanges[count] = new Range(start, i);
            wordShapes[count++] = measureShapes ? TokenShape.FromClasses(classes) : TokenShape.Unknown;
        }
    }

    /// <summary>
    /// The last word of a named field's value that logfmt quoted because it has spaces, starting at word
    /// <paramref name="first"/> (<c>err="Get \"http://…\": dial tcp …: connect: connection refused"</c>, kubelet's
    /// <c>output="…"</c>), or -1: the value is one value however many words it has, as logfmt defines it (the quote
    /// opens after <c>key=</c> and closes at the end of a word; a quote after a backslash is part of the value). The
    /// event's own keys (<c>msg="…"</c>) hold the message, whose words are mined as words.
    /// </summary>
    private int QuotedFieldEnd(ReadOnlySpan<char> content, int first, int wordCount)
    {
        var word = content[words[first]];
        var key = TokenMasking.NamedFieldKeyLength(word);
        if (key == 0 || word.Length < key + 2 || word[key + 1] != '"' || UnescapedQuote(word[(key + 2)..]) >= 0)
        {
            return -1;
        }

        for (var last = first + 1; last < wordCount && last - first < MaxQuotedWords; last++)
        {
            var next = content[words[last]];
            var quote = UnescapedQuote(next);
            if (quote >= 0)
            {
                return quote == next.Length - 1 ? last : -1;
            }
        }

        return -1;
    }

    /// <summary>The most words one quoted field value may hold: longer is text that lost its closing quote.</summary>
    private const int MaxQuotedWords = 64;

    /// <summary>Where the first quote of <paramref name="word"/> that no backslash escapes is, or -1.</summary>
    private static int UnescapedQuote(ReadOnlySpan<char> word)
    {
        for (var at = 0; at < word.Length; at++)
        {
            if (word[at] == '\\')
            {
                at++;
            }
            else if (word[at] == '"')
            {
                return at;
            }
        }

        return -1;
    }

    /// <summary>
    /// What <see cref="TimestampSpans"/> needs to start at a word: a name of 3 to 10 letters after any openers, or a
    /// date of at least 10 characters with a dash or a slash, or of digits and dots (<c>2026.11.28</c>), or a time of day
    /// (digits and colons).
    /// </summary>
    private static bool MayStartTimestamp(TokenShape shape, int length) =>
        (!shape.Lacks(CharClasses.Letter) && length >= 3 && (length <= 10 || !shape.Lacks(CharClasses.OpenBracket | CharClasses.Quote)))
        || (!shape.Lacks(CharClasses.Digit) && length >= 10 && !shape.Lacks(DateSeparators))
        || (length == 10 && shape.IsOnly(CharClasses.Digit | CharClasses.Dot))
        || (length >= 4 && shape.IsOnly(CharClasses.Digit | CharClasses.Colon) && !shape.Lacks(CharClasses.Colon));

    private static bool MayBeNumberedName(TokenShape shape) =>
        !shape.Lacks(CharClasses.Digit) && !shape.Lacks(CharClasses.LowerLetter) && !shape.Contains(~NumberedNameClasses);

    /// <summary>
    /// The last word of a list of two or more numbered names with one prefix starting at word <paramref name="first"/>
    /// (<c>cn526 cn527 cn528</c>, <c>node7 node12</c>), or -1. One such name alone (<c>eth0</c>) is a name, not a value.
    /// </summary>
    private int NumberedNameListEnd(ReadOnlySpan<char> content, int first, int wordCount)
    {
        var prefix = NumberedNamePrefix(content[words[first]]);
        var last = first;
        while (prefix > 0 && last + 1 < wordCount && content[words[last + 1]] is var next
            && NumberedNamePrefix(next) == prefix && next[..prefix].SequenceEqual(content[words[first]][..prefix]))
        {
            last++;
        }

        return last > first ? last : -1;
    }

    /// <summary>Length of the letters of a word that is letters then digits (an optional trailing comma allowed), or 0.</summary>
    // Compiled optimized at once: see MaskedLine.Load (unoptimized, the span range helpers it calls box each character).
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int NumberedNamePrefix(ReadOnlySpan<char> word)
    {
        word = word.EndsWith(',') ? word[..^1] : word;
        var letters = word.IndexOfAnyExceptInRange('a', 'z');
        return letters > 0 && !word[letters..].ContainsAnyExceptInRange('0', '9') ? letters : 0;
    }

    /// <summary>The last word of a quantity starting at word <paramref name="first"/> (with an optional parenthesized second quantity), or <paramref name="first"/>.</summary>
    private int QuantityEnd(ReadOnlySpan<char> content, int first, int wordCount)
    {
        var number = shapes[first];
        if (first + 1 >= wordCount
            || number.Lacks(CharClasses.Digit) || number.Contains(~QuantityNumberClasses) || shapes[first + 1].Lacks(CharClasses.Letter)
            || !TokenMasking.IsQuantity(content[words[first]], content[words[first + 1]]))
        {
            return first;
        }

        var hasParenthesizedQuantity = first + 3 < wordCount
            && content[words[first + 2]].StartsWith('(')
            && content[words[first + 3]].Contains(')')
            && TokenMasking.IsQuantity(content[words[first + 2]], content[words[first + 3]]);
        return hasParenthesizedQuantity ? first + 3 : first + 1;
    }

    private static void EnsureCapacity<T>(ref T[] buffer, int needed)
    {
        if (buffer.Length < needed)
        {
            Array.Resize(ref buffer, Math.Max(needed, buffer.Length * 2));
        }
    }
}
