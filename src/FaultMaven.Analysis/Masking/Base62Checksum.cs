using System.IO.Hashing;
using System.Text;

namespace FaultMaven.Analysis.Masking;

/// <summary>
/// The checksum of GitHub's (<c>ghp_</c>, <c>gho_</c>, ...) and npm's (<c>npm_</c>) tokens: a 4-character prefix, 30
/// random base62 characters, then the CRC-32 of those 30 in base62 (digits, upper case, lower case), padded to 6 with
/// zeros. It tells a real token from a string of the same shape (a test fixture, a truncated copy).
/// </summary>
public static class Base62Checksum
{
    private const string Alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    private const int PrefixLength = 4;
    private const int ChecksumLength = 6;

    public static bool IsValid(ReadOnlySpan<char> token)
    {
        if (token.Length <= PrefixLength + ChecksumLength)
        {
            return false;
        }

        var random = token[PrefixLength..^ChecksumLength];
        Span<byte> bytes = stackalloc byte[Encoding.ASCII.GetMaxByteCount(random.Length)];
        var length = Encoding.ASCII.GetBytes(random, bytes);
        long expected = Crc32.HashToUInt32(bytes[..length]);
        long actual = 0;
        foreach (var c in token[^ChecksumLength..])
        {
            var digit = Alphabet.IndexOf(c, StringComparison.Ordinal);
            if (digit < 0)
            {
                return false;
            }

            actual = (actual * Alphabet.Length) + digit;
        }

        return actual == expected;
    }
}
