using System.Text.RegularExpressions;
using FaultMaven.Contracts;

namespace FaultMaven.Analysis.Anomaly.Streaming;

/// <summary>
/// Whether lines call for attention, for detectors that judge how serious what they found is: by the lines' level, or,
/// for lines without one (sshd, many Loghub sources), by error-like words in their text.
/// </summary>
internal static partial class ErrorLike
{
    /// <summary>Whether a line of unknown level reads like an error (<c>failed</c>, <c>refused</c>, <c>timeout</c>, <c>exception</c>…).</summary>
    public static bool IsErrorLike(Severity level, string message) => level == Severity.Unknown && ErrorWords().IsMatch(message);

    /// <summary>
    /// The severity of a finding about lines whose highest level is <paramref name="level"/>, with
    /// <paramref name="examples"/> of their text: that level from warn up; warn for lines of unknown level that read
    /// like errors; info otherwise, since a change in informational lines informs and pages nobody
    /// (<see cref="Incidents.IncidentOpening"/>).
    /// </summary>
    public static Severity SeverityOf(Severity level, IEnumerable<string> examples) =>
        level >= Severity.Warn ? level
        : examples.Any(example => IsErrorLike(level, example)) ? Severity.Warn
        : Severity.Info;

    [GeneratedRegex(@"\b(?:error|errors|fail|failed|failure|fatal|panic|exception|refused|denied|timeout|timed out|unreachable|invalid|corrupt|crash(?:ed)?|abort(?:ed)?|killed|segfault|cannot|can't|unable)\b", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex ErrorWords();
}
