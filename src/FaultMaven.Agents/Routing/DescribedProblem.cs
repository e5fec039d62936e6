using System.Text.RegularExpressions;
using FaultMaven.Agents.LogAnalysis;
using FaultMaven.Agents.Troubleshooting;

namespace FaultMaven.Agents.Routing;

/// <summary>
/// What a question in the engineer's own words says about the problem, when it comes without logs or an incident: the
/// root causes it describes, and those it rules out ("no errors about connection refused", "no space left on device
/// is NOT the problem"). A description is not evidence, so a described root cause is at most <see cref="AtMost"/>
/// likely and the answer says it needs logs to be confirmed.
/// </summary>
/// <remarks>
/// Negation is read as NegEx reads it (Chapman et al., "A Simple Algorithm for Identifying Negated Findings and Diseases
/// in Discharge Summaries", J. Biomed. Inform. 34(5), 2001): a clause is scoped by punctuation and "but"; a cue before
/// a finding ("no", "not", "never", "without", "n't") negates what follows it, a cue after one ("is not the problem",
/// "was ruled out", "looks fine") what precedes it. Instead of NegEx's term lists, a root cause counts as negated in a
/// clause when the text on the cue's side still matches its signatures without the cue: so the "no" of "no space left
/// on device" or the "not" of "There is not enough space on the disk", which belong to the signature, negate nothing.
/// </remarks>
public sealed partial class DescribedProblem(TroubleshootingAgent troubleshooting)
{
    /// <summary>
    /// The highest confidence a described root cause is given: below <see cref="DiagnosisSummary.ConfidentFrom"/>, so it
    /// reads as a lead. Nothing calibrates words against outcomes, and a question names what the engineer suspects.
    /// </summary>
    public const double AtMost = 0.3;

    /// <summary>The root causes <paramref name="question"/> describes, best first, and those it rules out.</summary>
    public (IReadOnlyList<Hypothesis> Described, IReadOnlyList<Hypothesis> RuledOut) Read(string question, FeedbackHistory feedback, DateTimeOffset receivedAt)
    {
        var clauses = ClauseBoundary().Split(question.Replace('\u2019', '\'')).Select(clause => clause.Trim()).Where(clause => clause.Length > 0).ToList();
        var matched = clauses.Select(clause => Diagnose(clause, feedback, receivedAt)).ToList();
        var negated = clauses.Select(clause => NegatedIn(clause, feedback, receivedAt)).ToList();
        bool Affirms(int clause, Hypothesis found) => !negated[clause].ContainsKey(found.RootCause);
        var affirmed = matched.SelectMany((found, clause) => found.Where(cause => Affirms(clause, cause))).Select(found => found.RootCause).ToHashSet(StringComparer.Ordinal);
        // Ranked on the affirming clauses together, as lines of one input, so several that describe one cause add up.
        var affirming = clauses.Where((_, clause) => matched[clause].Any(found => Affirms(clause, found)));
        var described = Diagnose(string.Join('\n', affirming), feedback, receivedAt)
            .Where(found => affirmed.Contains(found.RootCause))
            .Select(found => found with { Confidence = Math.Min(found.Confidence, AtMost) })
            .ToList();
        var ruledOut = negated.SelectMany(byCause => byCause.Values).Where(found => !affirmed.Contains(found.RootCause)).DistinctBy(found => found.RootCause).ToList();
        return (described, ruledOut);
    }

    /// <summary>The root causes a cue in <paramref name="clause"/> negates: those matched by the text on the cue's side alone.</summary>
    private Dictionary<string, Hypothesis> NegatedIn(string clause, FeedbackHistory feedback, DateTimeOffset receivedAt)
    {
        var scopes = CueBefore().Matches(clause).Select(cue => clause[(cue.Index + cue.Length)..])
            .Concat(CueAfter().Matches(clause).Select(cue => clause[..cue.Index]));
        return scopes.SelectMany(scope => Diagnose(scope, feedback, receivedAt)).DistinctBy(found => found.RootCause).ToDictionary(found => found.RootCause, StringComparer.Ordinal);
    }

    private IReadOnlyList<Hypothesis> Diagnose(string text, FeedbackHistory feedback, DateTimeOffset receivedAt) =>
        string.IsNullOrWhiteSpace(text)
            ? []
            : troubleshooting.Diagnose(LogAnalysisAgent.Normalize([new LogDocument("question", text)], receivedAt).Events, [], feedback);

    [GeneratedRegex(@"[.;!?\n]+|,|\b(?:but|however|although)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ClauseBoundary();

    [GeneratedRegex(@"\b(?:no|not|never|without|none|nor|cannot|(?:can|don|doesn|didn|isn|aren|wasn|weren|haven|hasn|won)'t)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex CueBefore();

    [GeneratedRegex(@"\b(?:is|are|was|were)\s+not\b|\b(?:isn|aren|wasn|weren)'t\b|\bruled out\b|\bexcluded\b|\b(?:is|are|looks?|seems?)\s+(?:fine|ok|okay|healthy)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex CueAfter();
}
