using FaultMaven.Analysis.Anomaly.Streaming;
using FaultMaven.Analysis.Detection;
using FaultMaven.Contracts;

namespace FaultMaven.Agents.Troubleshooting;

/// <summary>A likely root cause as a finding of kind <see cref="FindingKinds.KnownCause"/>, to be filed with the analysis's other findings.</summary>
public static class KnownCauseFinding
{
    /// <summary>
    /// The finding of <paramref name="hypothesis"/> in <paramref name="source"/>: its evidence lines as examples (the
    /// decisive first), titled by the root cause, at least <see cref="Severity.Error"/> (a likely root cause needs a
    /// person) or the evidence's own level when higher. Its id is the kind, source, root cause and first evidence time,
    /// so filing the same analysis again files no second one.
    /// </summary>
    public static Finding From(Hypothesis hypothesis, string source) => new(
        FindingId.For(FindingKinds.KnownCause, source, hypothesis.RootCause, hypothesis.FirstSeen),
        FindingKinds.KnownCause,
        hypothesis.Evidence.Select(line => line.Level).Append(Severity.Error).Max(),
        source,
        null,
        hypothesis.FirstSeen,
        hypothesis.LastSeen,
        $"Likely root cause: {hypothesis.Title}",
        hypothesis.EvidenceCount,
        null,
        hypothesis.Confidence,
        null,
        [],
        [.. hypothesis.Evidence.Select(line => line.Message)],
        [.. hypothesis.Evidence.Select(line => line.Raw)]);
}
