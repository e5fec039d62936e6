using System.Buffers;

namespace FaultMaven.Analysis.Templates;

/// <summary>Rules that recognise a variable by its form alone, for any system's logs.</summary>
internal static class TokenMasking
{
    private static readonly SearchValues<char> Openers = SearchValues.Create("([{<'\"");
    private static readonly SearchValues<char> Closers = SearchValues.Create(")]}>,;:.'\"");
    private static readonly SearchValues<char> HexDigits = SearchValues.Create("0123456789abcdefABCDEF");
    private static readonly SearchValues<char> HostCharacters = SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-_");
    private static readonly string[] Units =
    [
        "ns", "us", "ms", "s", "sec", "secs", "m", "min", "mins", "h", "d",
        "b", "kb", "mb", "gb", "tb", "kib", "mib", "gib", "tib", "k", "g", "%",
    ];

    /// <summary>Shortest run of hex characters taken for an id (a commit, a pointer, a hash) rather than a word.</summary>
    private const int MinimumHexIdLength = 6;

    /// <summary>Writes the masked form of <paramref name="token"/> to <paramref name="destination"/>; returns its length.</summary>
    public static int Mask(ReadOnlySpan<char> token, Span<char> destination)
    {
        var lead = token.IndexOfAnyExcept(Openers);
        if (lead < 0)
        {
            token.CopyTo(destination);
            return token.Length;
        }

        var coreEnd = token.LastIndexOfAnyExcept(Closers) + 1;
        var core = token[lead..coreEnd];
        if (IsWholeVariable(core))
        {
            var written = 0;
            written += Copy(token[..lead], destination);
            written += Copy(Wildcard.Marker, destination[written..]);
            written += Copy(token[coreEnd..], destination[written..]);
            return written;
        }

        return MaskEmbeddedNumbers(token, destination);
    }

    private static bool IsWholeVariable(ReadOnlySpan<char> core) =>
        IsAddress(core) || IsUrl(core) || IsPath(core) || IsNumberedIdentifier(core) || IsNumberWithUnit(core) || IsHexId(core);

    /// <summary>An IPv4 address or a host name with an optional port (<c>/10.0.0.1:50010</c>, <c>proxy.example.com:8080</c>).</summary>
    private static bool IsAddress(ReadOnlySpan<char> core)
    {
        if (core.StartsWith('/'))
        {
            core = core[1..];
        }

        var colon = core.LastIndexOf(':');
        var host = colon < 0 ? core : core[..colon];
        var hasPort = colon >= 0 && colon < core.Length - 1 && !core[(colon + 1)..].ContainsAnyExceptInRange('0', '9');
        if (colon >= 0 && !hasPort)
        {
            return false;
        }

        return IsIPv4(host) || (hasPort && host.Contains('.') && !host.ContainsAnyExcept(HostCharacters));
    }

    private static bool IsIPv4(ReadOnlySpan<char> text)
    {
        var octets = 0;
        foreach (var range in text.Split('.'))
        {
            var octet = text[range];
            if (octet.IsEmpty || octet.Length > 3 || octet.ContainsAnyExceptInRange('0', '9'))
            {
                return false;
            }

            octets++;
        }

        return octets == 4;
    }

    private static bool IsUrl(ReadOnlySpan<char> core) => core.IndexOf("://", StringComparison.Ordinal) > 0;

    private static bool IsPath(ReadOnlySpan<char> core) =>
        (core.Length > 1 && core[0] == '/' && core[1..].Contains('/'))
        || (core.Length > 2 && char.IsAsciiLetter(core[0]) && core[1] == ':' && core[2] == '\\');

    /// <summary>Words joined by underscores with a numbered part: <c>blk_-42</c>, <c>rdd_4_2</c>, <c>attempt_2017_0024_m_4</c>.</summary>
    private static bool IsNumberedIdentifier(ReadOnlySpan<char> core)
    {
        if (!core.Contains('_'))
        {
            return false;
        }

        var numbered = false;
        foreach (var range in core.Split('_'))
        {
            var part = core[range];
            if (part.ContainsAnyExcept(HostCharacters))
            {
                return false;
            }

            var digits = part.StartsWith('-') ? part[1..] : part;
            numbered |= digits.Length > 0 && char.IsAsciiDigit(digits[0]);
        }

        return numbered;
    }

    private static bool IsNumberWithUnit(ReadOnlySpan<char> core)
    {
        var numberLength = NumberLength(core, 0);
        if (numberLength == 0 || numberLength == core.Length)
        {
            return false;
        }

        var unit = core[numberLength..];
        foreach (var known in Units)
        {
            if (unit.Equals(known, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsHexId(ReadOnlySpan<char> core) =>
        core.Length >= 8 && !core.ContainsAnyExcept(HexDigits) && core.ContainsAnyInRange('0', '9') && core.ContainsAnyExceptInRange('0', '9');

    /// <summary>Masks each alphanumeric run of the token that is a number, a 0x-number or a hex id, keeping the rest.</summary>
    private static int MaskEmbeddedNumbers(ReadOnlySpan<char> token, Span<char> destination)
    {
        var written = 0;
        var i = 0;
        while (i < token.Length)
        {
            if (!char.IsAsciiLetterOrDigit(token[i]))
            {
                destination[written++] = token[i++];
                continue;
            }

            var runLength = NumberLength(token, i);
            var isNumber = runLength > 0 && (i + runLength == token.Length || !IsWordCharacter(token[i + runLength]));
            if (!isNumber)
            {
                runLength = WordLength(token, i);
                isNumber = IsHexNumber(token.Slice(i, runLength));
            }

            if (isNumber)
            {
                var signed = i > 0 && token[i - 1] == '-' && (i == 1 || !IsWordCharacter(token[i - 2]));
                written -= signed ? 1 : 0;
                written += Copy(Wildcard.Marker, destination[written..]);
            }
            else
            {
                written += Copy(token.Slice(i, runLength), destination[written..]);
            }

            i += runLength;
        }

        return written;
    }

    /// <summary>Length of the number (digits, with dot-separated groups) starting at <paramref name="start"/>, or 0.</summary>
    private static int NumberLength(ReadOnlySpan<char> text, int start)
    {
        var end = start;
        while (end < text.Length && char.IsAsciiDigit(text[end]))
        {
            end++;
            if (end + 1 < text.Length && text[end] == '.' && char.IsAsciiDigit(text[end + 1]))
            {
                end++;
            }
        }

        return end - start;
    }

    private static int WordLength(ReadOnlySpan<char> text, int start)
    {
        var end = start;
        while (end < text.Length && IsWordCharacter(text[end]))
        {
            end++;
        }

        return end - start;
    }

    private static bool IsWordCharacter(char c) => char.IsAsciiLetterOrDigit(c) || c == '_';

    private static bool IsHexNumber(ReadOnlySpan<char> word) =>
        (word.Length > 2 && word[0] == '0' && (word[1] == 'x' || word[1] == 'X') && !word[2..].ContainsAnyExcept(HexDigits))
        || (word.Length >= MinimumHexIdLength && !word.ContainsAnyExcept(HexDigits) && word.ContainsAnyInRange('0', '9'));

    private static int Copy(ReadOnlySpan<char> source, Span<char> destination)
    {
        source.CopyTo(destination);
        return source.Length;
    }
}
