using FaultMaven.Contracts;

namespace FaultMaven.Agents.Troubleshooting;

/// <summary>What the evidence for one root cause looks like, as the confidence model reads it.</summary>
/// <param name="Decisive">The strongest line a signature matched: signature weight × level factor, halved when another root cause
/// matches that line more specifically. In [0, 1]; 0 when only meaning matched.</param>
/// <param name="Support">ln(distinct signatures that matched): a second kind of line corroborates, more copies of the
/// same kind (three replica-sync lines, six "Scaled up replica set" lines) do not.</param>
/// <param name="Symptom">1 when another matching root cause explains this one (the knowledge base's <c>explains</c>), else 0.</param>
/// <param name="Cause">1 when this root cause explains another matching one, else 0.</param>
/// <param name="Meaning">The strongest line only its meaning matched (<see cref="IMeaningMatcher"/>): the nearest
/// example's signature weight × level factor × similarity. In [0, 1]; 0 when none. Its own coefficient, fitted, says how
/// much less a paraphrase proves than a signature.</param>
public sealed record EvidenceFeatures(double Decisive, double Support, double Symptom, double Cause, double Meaning);

/// <summary>The logistic model's coefficients; <see cref="Fitted"/> were fitted on the calibration half of the labelled
/// incidents in <c>tests/data/incidents</c> (docs/benchmarks.md, "Root-cause confidence").</summary>
public sealed record ConfidenceParameters(double Intercept, double Decisive, double Support, double Symptom, double Cause, double Meaning)
{
    public static ConfidenceParameters Fitted { get; } = new(-2.61, 3.91, 0, -2.1, 1.55, 3.63);

    public double LogOdds(EvidenceFeatures features) =>
        Intercept + (Decisive * features.Decisive) + (Support * features.Support) + (Symptom * features.Symptom) + (Cause * features.Cause) + (Meaning * features.Meaning);
}

/// <summary>Turns evidence and past outcomes into a calibrated confidence in (0, 1).</summary>
/// <remarks>
/// One decisive line outweighs any number of routine ones: the strongest line carries most of the log-odds, and only
/// different kinds of matching lines add to it, through a logarithm. Line order plays no part; which root cause is the cause and which the
/// symptom comes from the knowledge base. The feedback success rate adds its log-odds, so with no feedback (a uniform
/// prior, rate ½) the evidence alone decides.
/// </remarks>
public static class ConfidenceModel
{
    /// <summary>How much a line still says for a root cause when another one claims it more specifically.</summary>
    private const double OutrankedFactor = 0.5;

    public static double LineStrength(SignatureMatch match) =>
        match.Signature.Weight * LevelFactor(match.Line.Level) * (match.Outranked ? OutrankedFactor : 1) * (match.Similarity ?? 1);

    public static EvidenceFeatures Features(RootCauseEvidence evidence, bool isSymptom, bool isCause) => new(
        evidence.Matches.Where(match => !match.ByMeaning).Select(LineStrength).DefaultIfEmpty(0).Max(),
        Math.Log(evidence.Matches.Select(match => match.Signature).Distinct().Count()),
        isSymptom ? 1 : 0,
        isCause ? 1 : 0,
        evidence.Matches.Where(match => match.ByMeaning).Select(LineStrength).DefaultIfEmpty(0).Max());

    public static double Confidence(EvidenceFeatures features, ConfidenceParameters parameters, double successRate) =>
        1 / (1 + Math.Exp(-(Math.Log(successRate / (1 - successRate)) + parameters.LogOdds(features))));

    private static double LevelFactor(Severity level) => level switch
    {
        Severity.Fatal or Severity.Error => 1,
        Severity.Warn or Severity.Unknown => 0.85,
        Severity.Info => 0.7,
        _ => 0.5,
    };
}
