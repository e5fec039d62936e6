using System.Buffers;

namespace FaultMaven.Analysis.Templates;

/// <summary>The <c>&lt;*&gt;</c> marker that stands for a variable, and matching of template tokens that contain it.</summary>
public static class Wildcard
{
    public const string Marker = "<*>";

    private static readonly SearchValues<char> KeptOpeners = SearchValues.Create("([{'\"=:/@#|,");
    private static readonly SearchValues<char> KeptClosers = SearchValues.Create(")]}'\",;:.=/@#|");

    /// <summary>Whether each of <paramref name="tokens"/> fits the template token at its position (<see cref="Fits(ReadOnlySpan{char}, ReadOnlySpan{char})"/>); <paramref name="templateTokens"/> is at least as long.</summary>
    public static bool FitsAll(ReadOnlySpan<string> templateTokens, ReadOnlySpan<string> tokens)
    {
        for (var i = 0; i < tokens.Length; i++)
        {
            if (!Fits(templateTokens[i], tokens[i]))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Whether <paramref name="token"/> fits <paramref name="templateToken"/>, each marker standing for any text.</summary>
    public static bool Fits(ReadOnlySpan<char> templateToken, ReadOnlySpan<char> token)
    {
        if (templateToken.SequenceEqual(token))
        {
            return true;
        }

        var marker = templateToken.IndexOf(Marker, StringComparison.Ordinal);
        if (marker < 0)
        {
            return false;
        }

        if (!token.StartsWith(templateToken[..marker], StringComparison.Ordinal))
        {
            return false;
        }

        var pattern = templateToken[(marker + Marker.Length)..];
        var rest = token[marker..];
        while (true)
        {
            var next = pattern.IndexOf(Marker, StringComparison.Ordinal);
            if (next < 0)
            {
                return rest.EndsWith(pattern, StringComparison.Ordinal);
            }

            var found = rest.IndexOf(pattern[..next], StringComparison.Ordinal);
            if (found < 0)
            {
                return false;
            }

            rest = rest[(found + next)..];
            pattern = pattern[(next + Marker.Length)..];
        }
    }

    /// <summary>
    /// Appends the text each marker of <paramref name="templateToken"/> stands for in <paramref name="token"/>
    /// (leftmost, shortest), or nothing when the token does not fit.
    /// </summary>
    public static void Capture(string templateToken, string token, List<string> parameters)
    {
        if (!Fits(templateToken, token))
        {
            return;
        }

        var literals = templateToken.Split(Marker);
        var position = literals[0].Length;
        for (var i = 1; i < literals.Length; i++)
        {
            var isLast = i == literals.Length - 1;
            var end = isLast ? token.Length - literals[i].Length : token.IndexOf(literals[i], position, StringComparison.Ordinal);
            parameters.Add(token[position..end]);
            position = end + literals[i].Length;
        }
    }

    /// <summary>
    /// The most specific token fitting every one of <paramref name="tokens"/>: a marker, kept inside the brackets,
    /// quotes and key= prefixes or punctuation suffixes the tokens share (<c>true,</c> and <c>false,</c> give <c>&lt;*&gt;,</c>).
    /// Angle brackets are not kept, so a cut never splits a marker.
    /// </summary>
    public static string Generalize(IReadOnlyList<string> tokens)
    {
        var prefix = tokens[0].AsSpan();
        var suffix = tokens[0].AsSpan();
        foreach (var token in tokens)
        {
            prefix = prefix[..prefix.CommonPrefixLength(token)];
            suffix = suffix[(suffix.Length - CommonSuffixLength(suffix, token))..];
        }

        prefix = prefix[..(prefix.LastIndexOfAny(KeptOpeners) + 1)];
        var firstCloser = suffix.IndexOfAny(KeptClosers);
        suffix = firstCloser < 0 ? [] : suffix[firstCloser..];
        if (prefix.Length + suffix.Length > tokens.Min(token => token.Length))
        {
            return Marker;
        }

        return string.Concat(prefix, Marker, suffix);
    }

    private static int CommonSuffixLength(ReadOnlySpan<char> a, ReadOnlySpan<char> b)
    {
        var length = 0;
        while (length < a.Length && length < b.Length && a[^(length + 1)] == b[^(length + 1)])
        {
            length++;
        }

        return length;
    }
}
