using System.Globalization;
using FaultMaven.Contracts;

namespace FaultMaven.Agents.Troubleshooting;

/// <summary>The one-sentence answer above the suggestions: the likely root cause when one is confident, otherwise an
/// honest "no known root cause matched" with what the detectors did find and the closest match marked as such (a
/// symptom whose causes did not match is named with the causes to look for).</summary>
public static class DiagnosisSummary
{
    /// <summary>From this confidence on, a suggestion is stated as the likely root cause.</summary>
    public const double ConfidentFrom = 0.5;

    public const string NoKnownRootCause = "No known root cause matched";

    /// <summary>How many of a symptom's possible causes the sentence names.</summary>
    private const int MaxCausesNamed = 4;

    /// <param name="suggestions">Ranked best first.</param>
    public static string Describe(IReadOnlyList<Hypothesis> suggestions, IReadOnlyList<Finding> findings)
    {
        if (suggestions.FirstOrDefault() is { Confidence: >= ConfidentFrom } best)
        {
            return $"Likely root cause: {best.Title} ({Percent(best.Confidence)}), from \"{Shorten(best.Evidence[0].Quote ?? best.Evidence[0].Message)}\".";
        }

        var found = findings.Count == 0
            ? "the detectors found nothing unusual either"
            : "found: " + string.Join(", ", findings.GroupBy(finding => finding.Kind).OrderByDescending(kind => kind.Count()).ThenBy(kind => kind.Key, StringComparer.Ordinal)
                .Select(kind => $"{kind.Count()} {kind.Key}").Append($"first \"{Shorten(findings[0].Title)}\""));
        var closest = suggestions.FirstOrDefault() switch
        {
            { UnmatchedCauses.Count: > 0 } symptom =>
                $" The closest match, {symptom.Title} ({Percent(symptom.Confidence)}), is what {symptom.UnmatchedCauses.Count} known root causes look like from outside"
                + $" ({string.Join(", ", symptom.UnmatchedCauses.Take(MaxCausesNamed))}{(symptom.UnmatchedCauses.Count > MaxCausesNamed ? ", …" : "")}) and none of them shows in the input; look for what caused it before acting on it.",
            { } nearest => $" The closest match, {nearest.Title}, is only {Percent(nearest.Confidence)} likely; treat it as a lead, not an answer.",
            null => "",
        };
        return $"{NoKnownRootCause}; {found}.{closest}";
    }

    /// <summary>
    /// The answer to a question that came without logs or an incident: what the question describes, as leads
    /// (<see cref="Routing.DescribedProblem"/>), and the root causes it ruled out; never "likely root cause".
    /// </summary>
    /// <param name="described">The described root causes, best first.</param>
    /// <param name="ruledOut">The root causes the question said are not the problem.</param>
    public static string DescribeQuestion(IReadOnlyList<Hypothesis> described, IReadOnlyList<Hypothesis> ruledOut)
    {
        var excluded = ruledOut.Count == 0 ? "" : $" You ruled out {Titles(ruledOut)}.";
        return described.Count == 0
            ? $"{NoKnownRootCause} your description.{excluded} Send the logs or name an incident to look for one."
            : $"From your description alone, with no logs to check: {Titles(described)}.{excluded} Send the logs or name an incident to confirm it.";
    }

    private static string Titles(IEnumerable<Hypothesis> hypotheses) => string.Join("; ", hypotheses.Select(hypothesis => hypothesis.Title));

    private static string Percent(double confidence) => confidence.ToString("P0", CultureInfo.InvariantCulture);

    private static string Shorten(string text) => text.Length <= 120 ? text : string.Concat(text.AsSpan(0, 119), "…");
}
