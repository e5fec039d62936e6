namespace FaultMaven.Analysis.Templates;

/// <summary>
/// A variable delimited in its template token (<c>tag="&lt;*&gt;",</c>, <c>Surface(name=&lt;*&gt;)</c>: the marker inside
/// quotes or brackets the token opens and closes) whose value in a message has spaces, so that it covers several tokens
/// (<c>tag="View Lock",</c>). Splitting on whitespace gives such a message more tokens than its template has, and
/// without this it became a template of its own for every value with a different number of words. Only a template
/// that already made the delimited value a variable absorbs such a message: a quoted text that every line keeps the
/// same (logfmt's <c>msg="Starting server"</c>) is constant words, never a span.
/// </summary>
internal static class SpannedValues
{
    /// <summary>The most tokens one delimited value may cover: longer spans are sentences, not values.</summary>
    private const int MaxSpan = 8;

    /// <summary>
    /// Whether <paramref name="templateToken"/> holds one marker inside a quote or bracket it opens before the marker and
    /// closes right after it; <paramref name="closer"/> is the closing character.
    /// </summary>
    public static bool IsDelimited(string templateToken, out char closer)
    {
        closer = '\0';
        var marker = templateToken.IndexOf(Wildcard.Marker, StringComparison.Ordinal);
        if (marker <= 0 || marker + Wildcard.Marker.Length >= templateToken.Length
            || templateToken.IndexOf(Wildcard.Marker, marker + 1, StringComparison.Ordinal) >= 0)
        {
            return false;
        }

        var opener = UnclosedOpener(templateToken.AsSpan(0, marker));
        closer = opener switch { '"' => '"', '\'' => '\'', '(' => ')', '[' => ']', '{' => '}', _ => '\0' };
        return closer != '\0' && templateToken[marker + Wildcard.Marker.Length] == closer;
    }

    /// <summary>Whether any token of <paramref name="templateTokens"/> is <see cref="IsDelimited"/>.</summary>
    public static bool HasDelimited(string[] templateTokens) => Array.Exists(templateTokens, token => IsDelimited(token, out _));

    /// <summary>
    /// How many of <paramref name="tokens"/> each template token covers, when the message fits the template with at
    /// least one delimited variable covering several tokens (its first token starting as the template token does, its
    /// last ending so, and no closer in between); null otherwise. Greedy left to right: a delimited value ends at the
    /// first closer, as a reader of the line would end it.
    /// </summary>
    public static int[]? Align(string[] templateTokens, string[] tokens)
    {
        if (tokens.Length <= templateTokens.Length)
        {
            return null;
        }

        var covers = new int[templateTokens.Length];
        var next = 0;
        var spanned = false;
        for (var i = 0; i < templateTokens.Length; i++)
        {
            if (next >= tokens.Length)
            {
                return null;
            }

            var span = Wildcard.Fits(templateTokens[i], tokens[next]) ? 1 : SpanLength(templateTokens[i], tokens, next);
            if (span == 0)
            {
                return null;
            }

            covers[i] = span;
            next += span;
            spanned |= span > 1;
        }

        return spanned && next == tokens.Length ? covers : null;
    }

    /// <summary>How many tokens from <paramref name="start"/> the delimited <paramref name="templateToken"/> covers; 0 when it covers none.</summary>
    private static int SpanLength(string templateToken, string[] tokens, int start)
    {
        if (!IsDelimited(templateToken, out var closer))
        {
            return 0;
        }

        var marker = templateToken.IndexOf(Wildcard.Marker, StringComparison.Ordinal);
        var prefix = templateToken.AsSpan(0, marker);
        var suffix = templateToken.AsSpan(marker + Wildcard.Marker.Length);
        var first = tokens[start].AsSpan();
        if (!first.StartsWith(prefix, StringComparison.Ordinal) || first[prefix.Length..].Contains(closer))
        {
            return 0;
        }

        for (var end = start + 1; end < tokens.Length && end - start < MaxSpan; end++)
        {
            var token = tokens[end].AsSpan();
            var close = token.IndexOf(closer);
            if (close >= 0)
            {
                return token.EndsWith(suffix, StringComparison.Ordinal) && close == token.Length - suffix.Length ? end - start + 1 : 0;
            }
        }

        return 0;
    }

    /// <summary>The innermost quote or bracket <paramref name="text"/> opens and does not close; '\0' when none.</summary>
    private static char UnclosedOpener(ReadOnlySpan<char> text)
    {
        Span<char> open = stackalloc char[8];
        var depth = 0;
        foreach (var c in text)
        {
            if (depth > 0 && (c == open[depth - 1] && c is '"' or '\'' || Closes(open[depth - 1], c)))
            {
                depth--;
            }
            else if (c is '"' or '\'' or '(' or '[' or '{' && depth < open.Length)
            {
                open[depth++] = c;
            }
        }

        return depth == 0 ? '\0' : open[depth - 1];
    }

    private static bool Closes(char opener, char c) => (opener, c) is ('(', ')') or ('[', ']') or ('{', '}');
}
