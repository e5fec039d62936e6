using System.Security.Cryptography;
using System.Text;

namespace FaultMaven.Contracts;

/// <summary>
/// The one bound on a log source's name (the key of a <c>logs.raw</c> record; the source of stored lines, findings,
/// templates and incidents). PostgreSQL indexes the name beside other columns and an index row holds at most 2704
/// bytes, so an unbounded name was a 500 from the API and a dead letter per line from the worker's sinks. The API
/// refuses a longer name at its edge (400 naming the parameter), <c>fm push</c> before sending, and the worker
/// dead-letters a record that still carries one (sent by another producer) in its first step.
/// </summary>
public static class SourceNames
{
    /// <summary>
    /// The most characters (UTF-16 code units) a source name may have: 512, at most 1,536 bytes of UTF-8, which leaves
    /// room in an index row for the columns beside it.
    /// </summary>
    public const int MaxLength = 512;

    // An ellipsis and 8 hex digits of the whole name's SHA-256 end a shortened name.
    private const int HashDigits = 8;

    /// <summary>Why <paramref name="name"/> cannot be a source name, as the end of a sentence naming it; null when it can.</summary>
    public static string? Problem(string name) =>
        name.Length <= MaxLength ? null : $"is {name.Length} characters long; a source name has at most {MaxLength}";

    /// <summary>
    /// <paramref name="name"/> itself when it is short enough, else its first characters, an ellipsis and 8 hex digits
    /// of its SHA-256, <see cref="MaxLength"/> characters in all: two long names stay apart and one name always gives
    /// the same source. For senders that cannot be refused without losing what they sent (Alertmanager does not
    /// resend a notification answered with a 4xx, and resends one answered with a 5xx forever).
    /// </summary>
    public static string Shorten(string name)
    {
        if (name.Length <= MaxLength)
        {
            return name;
        }

        var kept = MaxLength - 1 - HashDigits;
        // Never half of a surrogate pair, which no encoder can write.
        kept -= char.IsHighSurrogate(name[kept - 1]) ? 1 : 0;
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(name)))[..HashDigits];
        return $"{name[..kept]}…{hash}";
    }
}
