using System.Globalization;
using FaultMaven.Agents.Knowledge;
using FaultMaven.Agents.LogAnalysis;
using FaultMaven.Agents.Troubleshooting;
using FaultMaven.Contracts;

namespace FaultMaven.Agents.Tests.Calibration;

/// <summary>One threshold of the fit's grid and what it scored on the calibration incidents with signatures switched off.</summary>
/// <param name="Top1">Incidents whose first suggestion named their cause.</param>
/// <param name="WrongAboveCeiling">Incidents whose first suggestion was wrong at <see cref="LogisticFit.WrongCeiling"/> or more.</param>
/// <param name="Parameters">The confidence model fitted at this threshold.</param>
public sealed record ThresholdCandidate(double Threshold, int Top1, int WrongAboveCeiling, ConfidenceParameters Parameters)
{
    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"{Threshold:F2}: meaning-only top-1 {Top1}, wrong first ≥ {LogisticFit.WrongCeiling:P0} {WrongAboveCeiling}, {Parameters}");
}

/// <summary>
/// Fits <see cref="EmbeddingMeaningMatcher.FittedThreshold"/> on the calibration half, judged by what it is for: the
/// calibration incidents diagnosed with every signature switched off (how a paraphrase looks to the ranking), with the
/// confidence model refitted at each candidate threshold (<see cref="LogisticFit"/>). The threshold, on a 0.01 grid over
/// [<see cref="Lowest"/>, <see cref="Highest"/>], is the one that ranks the right cause first most often net of wrong
/// first suggestions at or above <see cref="LogisticFit.WrongCeiling"/> (the margin under the 50 % at which an answer is
/// stated); ties go to the higher threshold (fewer claims).
/// </summary>
/// <remarks>
/// The earlier fit counted lines (every error-like line right or wrong by its nearest root cause) and chose 0.70. It
/// weighed a routine line nearest to some other cause as much as the incident's decisive line, although the decisive
/// line outranks it in the ranking: it kept right causes out that were never at risk of being outranked.
/// </remarks>
public static class MeaningThresholdFit
{
    private const double Lowest = 0.4;
    private const double Highest = 0.8;
    private const double Step = 0.01;

    /// <summary>The threshold the candidates' scores choose.</summary>
    public static double Best(IReadOnlyList<ThresholdCandidate> candidates) =>
        candidates
            .OrderByDescending(candidate => candidate.Top1 - candidate.WrongAboveCeiling)
            .ThenByDescending(candidate => candidate.Threshold)
            .First()
            .Threshold;

    /// <summary>Every threshold of the grid with what it scored on <paramref name="incidents"/>.</summary>
    /// <param name="knowledge">The knowledge base <paramref name="matcher"/> embedded.</param>
    public static IReadOnlyList<ThresholdCandidate> Candidates(IReadOnlyList<LabelledIncident> incidents, KnowledgeBase knowledge, EmbeddingMeaningMatcher matcher)
    {
        IReadOnlyList<(LabelledIncident, LogAnalysisResult)> analysed = [.. incidents.Select(incident => (incident, LabelledIncidents.Analyze(incident)))];
        var withoutSignatures = LabelledIncidents.WithoutSignatures(knowledge);
        var nearest = new NearestOnce(matcher);
        var candidates = new List<ThresholdCandidate>();
        for (var step = 0; Lowest + (step * Step) <= Highest + (Step / 2); step++)
        {
            nearest.Threshold = Math.Round(Lowest + (step * Step), 2);
            var parameters = LogisticFit.Fit(
                LabelledIncidents.Diagnose(analysed, knowledge, ConfidenceParameters.Fitted, nearest),
                LabelledIncidents.Diagnose(analysed, withoutSignatures, ConfidenceParameters.Fitted, nearest));
            var judged = LabelledIncidents.Diagnose(analysed, withoutSignatures, parameters, nearest);
            candidates.Add(new ThresholdCandidate(
                nearest.Threshold,
                judged.Count(item => item.Ranked.FirstOrDefault() is { } best && item.IsRight(best)),
                judged.Count(item => item.Ranked.FirstOrDefault() is { } best && !item.IsRight(best) && best.Confidence >= LogisticFit.WrongCeiling),
                parameters));
        }

        return candidates;
    }

    /// <summary>The matcher at an adjustable threshold, embedding each input's lines once however many thresholds are tried.</summary>
    private sealed class NearestOnce(EmbeddingMeaningMatcher matcher) : IMeaningMatcher
    {
        private readonly Dictionary<(IReadOnlyList<LogEvent> Events, string Skip), IReadOnlyList<MeaningMatch>> seen = [];

        public double Threshold { get; set; }

        public IReadOnlyList<MeaningMatch> Match(IReadOnlyList<LogEvent> events, IReadOnlySet<int> exactlyMatched)
        {
            var key = (events, string.Join(',', exactlyMatched.Order()));
            if (!seen.TryGetValue(key, out var nearest))
            {
                nearest = matcher.Nearest(events, exactlyMatched);
                seen[key] = nearest;
            }

            return [.. nearest.Where(match => match.Similarity >= Threshold)];
        }
    }
}
