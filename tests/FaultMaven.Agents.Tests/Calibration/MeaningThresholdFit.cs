using System.Globalization;
using FaultMaven.Agents.Troubleshooting;

namespace FaultMaven.Agents.Tests.Calibration;

/// <summary>
/// Fits <see cref="EmbeddingMeaningMatcher.FittedThreshold"/> on the calibration half: every error-like line of every
/// incident (signature-matched or not, so the incidents' decisive lines are positives) is one sample, right when its
/// nearest root cause is the incident's cause, wrong otherwise (every line of an unknown-cause incident, and routine or
/// symptom lines nearest to another cause). The threshold is the similarity, on a 0.01 grid, that keeps the most
/// right matches net of wrong ones; ties go to the higher threshold (fewer claims).
/// </summary>
public static class MeaningThresholdFit
{
    private const double Step = 0.01;

    public static double Fit(IReadOnlyList<LabelledIncident> incidents, EmbeddingMeaningMatcher matcher)
    {
        var samples = Samples(incidents, matcher);
        return Enumerable.Range(0, (int)Math.Round(1 / Step) + 1)
            .Select(step => Math.Round(step * Step, 2))
            .Select(threshold => (Threshold: threshold, Net: samples.Count(sample => sample.Similarity >= threshold && sample.Right) - samples.Count(sample => sample.Similarity >= threshold && !sample.Right)))
            .OrderByDescending(candidate => candidate.Net)
            .ThenByDescending(candidate => candidate.Threshold)
            .First()
            .Threshold;
    }

    /// <summary>The samples as lines to print when the fit changes.</summary>
    public static IEnumerable<string> Describe(IReadOnlyList<LabelledIncident> incidents, EmbeddingMeaningMatcher matcher) =>
        Samples(incidents, matcher)
            .OrderByDescending(sample => sample.Similarity)
            .Select(sample => string.Create(CultureInfo.InvariantCulture, $"{(sample.Right ? "right" : "wrong")} {sample.Similarity:F3} {sample.Nearest,-30} {sample.Expected}"));

    private static List<(double Similarity, bool Right, string Nearest, string Expected)> Samples(IReadOnlyList<LabelledIncident> incidents, EmbeddingMeaningMatcher matcher) =>
        [.. incidents.SelectMany(incident => matcher
            .Nearest(LabelledIncidents.Analyze(incident).Events, new HashSet<int>())
            .Select(match => (match.Similarity, match.RootCause.Id == incident.Expected, match.RootCause.Id, incident.Expected)))];
}
