namespace FaultMaven.Analysis.Templates;

/// <summary>
/// The content of one line split on whitespace, with every token that is a variable by its form replaced by
/// <see cref="Wildcard.Marker"/>: numbers (with sign, decimals, units), hex, IP addresses and host:port pairs,
/// URLs, paths and numbered identifiers become one wildcard; numbers inside a larger token (<c>id[3]=7</c>) are masked
/// in place. Reused from line to line so that masking allocates nothing.
/// </summary>
internal sealed class MaskedLine
{
    private char[] _text = new char[256];
    private int[] _tokenEnds = new int[32];

    public int TokenCount { get; private set; }

    /// <summary>The masked tokens joined by single spaces.</summary>
    public ReadOnlySpan<char> Text => _text.AsSpan(0, TokenCount == 0 ? 0 : _tokenEnds[TokenCount - 1]);

    public ReadOnlySpan<char> Token(int index)
    {
        var start = index == 0 ? 0 : _tokenEnds[index - 1] + 1;
        return _text.AsSpan(start, _tokenEnds[index] - start);
    }

    public string[] Tokens()
    {
        var tokens = new string[TokenCount];
        for (var i = 0; i < tokens.Length; i++)
        {
            tokens[i] = Token(i).ToString();
        }

        return tokens;
    }

    public void Load(ReadOnlySpan<char> content)
    {
        TokenCount = 0;
        var length = 0;
        // Masking never lengthens a token by more than the marker per character, so this bound is safe.
        EnsureCapacity(ref _text, content.Length * Wildcard.Marker.Length + 1);
        var position = 0;
        while (position < content.Length)
        {
            var start = position + content[position..].IndexOfAnyExcept(Tokenizer.Whitespace);
            if (start < position)
            {
                break;
            }

            var remaining = content[start..];
            var tokenLength = remaining.IndexOfAny(Tokenizer.Whitespace);
            var token = tokenLength < 0 ? remaining : remaining[..tokenLength];
            position = start + token.Length;
            if (TokenCount > 0)
            {
                _text[length++] = ' ';
            }

            length += TokenMasking.Mask(token, _text.AsSpan(length));
            EnsureCapacity(ref _tokenEnds, TokenCount + 1);
            _tokenEnds[TokenCount++] = length;
        }
    }

    private static void EnsureCapacity<T>(ref T[] buffer, int needed)
    {
        if (buffer.Length < needed)
        {
            Array.Resize(ref buffer, Math.Max(needed, buffer.Length * 2));
        }
    }
}
