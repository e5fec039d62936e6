namespace FaultMaven.Analysis.Masking;

/// <summary>Tells a random-looking value (a key, a signature, a generated password) from a word, a name or a number by its form.</summary>
public static class Entropy
{
    /// <summary>Shortest value judged: shorter random strings are too weak to be secrets and too often ordinary ids.</summary>
    public const int MinimumLength = 16;

    /// <summary>
    /// Shannon entropy per character a random value reaches: 16 random base62 characters average about 3.7 bits, a
    /// repeated or counting pattern (<c>aaaa1111</c>, <c>0101010101</c>) stays far below.
    /// </summary>
    public const double MinimumBitsPerCharacter = 3.0;

    /// <summary>
    /// Whether <paramref name="value"/> is at least <see cref="MinimumLength"/> characters, has letters and digits,
    /// changes between lower case, upper case and digits at least once every 4 characters (random text does about every
    /// other character; words, identifiers and class names such as <c>user_profile_v2</c> or
    /// <c>NullPointerException</c> do not have both), and carries at least <see cref="MinimumBitsPerCharacter"/> bits per
    /// character.
    /// </summary>
    public static bool LooksRandom(ReadOnlySpan<char> value) =>
        value.Length >= MinimumLength
        && value.ContainsAnyInRange('0', '9')
        && (value.ContainsAnyInRange('a', 'z') || value.ContainsAnyInRange('A', 'Z'))
        && ClassChanges(value) * 4 >= value.Length
        && BitsPerCharacter(value) >= MinimumBitsPerCharacter;

    /// <summary>Shannon entropy of the characters of <paramref name="value"/>, in bits per character (0 for an empty value).</summary>
    public static double BitsPerCharacter(ReadOnlySpan<char> value)
    {
        Span<int> counts = stackalloc int[128];
        var others = 0;
        foreach (var c in value)
        {
            if (c < 128)
            {
                counts[c]++;
            }
            else
            {
                others++;
            }
        }

        var bits = 0.0;
        foreach (var count in counts)
        {
            bits -= count == 0 ? 0 : count / (double)value.Length * Math.Log2(count / (double)value.Length);
        }

        // Characters beyond ASCII are rare in tokens; counting them as one symbol keeps the estimate low, never high.
        return others == 0 ? bits : bits - (others / (double)value.Length * Math.Log2(others / (double)value.Length));
    }

    /// <summary>How often two neighbouring letters or digits are of different classes (lower case, upper case, digit).</summary>
    private static int ClassChanges(ReadOnlySpan<char> value)
    {
        var changes = 0;
        var previous = 0;
        foreach (var c in value)
        {
            var current = char.IsAsciiLetterLower(c) ? 1 : char.IsAsciiLetterUpper(c) ? 2 : char.IsAsciiDigit(c) ? 3 : 0;
            changes += current != 0 && previous != 0 && current != previous ? 1 : 0;
            previous = current;
        }

        return changes;
    }
}
