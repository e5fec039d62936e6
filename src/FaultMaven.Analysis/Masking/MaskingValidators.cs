namespace FaultMaven.Analysis.Masking;

/// <summary>
/// Checks a rule's match must also pass, by name, so that the rule list stays data (name, pattern, replacement,
/// triggers, validator) that another implementation (the browser extension's TypeScript copy) can mirror.
/// </summary>
public static class MaskingValidators
{
    /// <summary>The Luhn checksum of card numbers (<see cref="Masking.Luhn"/>).</summary>
    public const string Luhn = "luhn";

    /// <summary>GitHub's and npm's token checksum: the last 6 characters are the base62 CRC-32 of the 30 before them.</summary>
    public const string Base62Crc32 = "base62-crc32";

    /// <summary>A value that looks random rather than like a word, a name or a number (<see cref="Entropy.LooksRandom"/>).</summary>
    public const string HighEntropy = "high-entropy";

    public static IReadOnlyList<string> Names { get; } = [Luhn, Base62Crc32, HighEntropy];

    /// <summary>Whether <paramref name="value"/> passes the validator named <paramref name="name"/>.</summary>
    /// <exception cref="ArgumentException">The name is none of <see cref="Names"/>.</exception>
    public static bool Accepts(string name, ReadOnlySpan<char> value) => name switch
    {
        Luhn => Masking.Luhn.IsValid(value),
        Base62Crc32 => Base62Checksum.IsValid(value),
        HighEntropy => Entropy.LooksRandom(value),
        _ => throw new ArgumentException($"unknown masking validator '{name}'; known: {string.Join(", ", Names)}", nameof(name)),
    };
}
