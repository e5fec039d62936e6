using System.Text.RegularExpressions;
using FaultMaven.Contracts;

namespace FaultMaven.Agents.Knowledge;

/// <summary>One way a root cause shows in a log line of one stack: a pattern and/or keywords, plus optional conditions.</summary>
/// <param name="Stack">The platform whose logs phrase the failure this way (a declared platform id, or <c>generic</c>).</param>
/// <param name="Weight">How strongly one matching line points at the root cause, in (0, 1].</param>
/// <param name="Pattern">Must match the message when present.</param>
/// <param name="Keywords">Must all occur in the message (case-insensitive) when present.</param>
/// <param name="MinLevel">The line must be at least this serious; lines of unknown level always pass.</param>
/// <param name="Service">Must match the event's service when present.</param>
/// <param name="Attributes">Each named attribute must exist and match its pattern.</param>
/// <param name="PrintedAt">The level its program always prints this message at, when that is lower than what the message
/// means (nginx logs a rejected client certificate at info, the JVM's unified GC log every pause at info): a line at or
/// below it is weighed as an error line, not discounted for its level; <see cref="Severity.Unknown"/> when the level is
/// the author's judgement, as usual.</param>
/// <param name="Example">A line this signature is written for; the knowledge tests check that it matches this
/// signature and no other root cause's signature more specifically.</param>
public sealed record Signature(
    string Stack,
    double Weight,
    Regex? Pattern,
    IReadOnlyList<string> Keywords,
    Severity MinLevel,
    Regex? Service,
    IReadOnlyDictionary<string, Regex> Attributes,
    string? Example,
    SourceLocation Location,
    Severity PrintedAt = Severity.Unknown)
{
    public const string GenericStack = "generic";

    /// <summary>
    /// Orders two signatures that match the same line: the higher weight wins, then a platform's own phrasing over a
    /// generic one, then the longer pattern (more literal text is a narrower claim).
    /// </summary>
    public static IComparer<Signature> BySpecificity { get; } = Comparer<Signature>.Create((x, y) =>
        x.Weight != y.Weight ? x.Weight.CompareTo(y.Weight)
        : (x.Stack == GenericStack) != (y.Stack == GenericStack) ? (x.Stack == GenericStack ? -1 : 1)
        : x.Describe().Length.CompareTo(y.Describe().Length));

    /// <summary>Human-readable form for evidence and docs.</summary>
    public string Describe() => Pattern is not null ? Pattern.ToString() : string.Join(" + ", Keywords);
}
