using FaultMaven.Contracts;

namespace FaultMaven.Agents.Troubleshooting;

/// <summary>What the evidence for one root cause looks like, as the confidence model reads it.</summary>
/// <param name="Decisive">The strongest line a signature matched: signature weight × level factor, halved when another root cause
/// matches that line more specifically. In [0, 1]; 0 when only meaning matched.</param>
/// <param name="Support">ln(distinct signatures that matched): a second kind of line corroborates, more copies of the
/// same kind (three replica-sync lines, six "Scaled up replica set" lines) do not.</param>
/// <param name="Symptom">1 when another matching root cause explains this one (the knowledge base's <c>explains</c>), else 0.</param>
/// <param name="Cause">How much explaining another matching root cause says for this one: 1 / (how many root causes of
/// the knowledge base explain that symptom), the most over the symptoms it explains, else 0. A symptom only this cause
/// explains points at it; one that many explain (an upstream timeout: 16) points at none of them in particular.</param>
/// <param name="Meaning">The strongest line only its meaning matched (<see cref="IMeaningMatcher"/>): the nearest
/// example's signature weight × level factor × similarity. In [0, 1]; 0 when none. Its own coefficient, fitted, says how
/// much less a paraphrase proves than a signature.</param>
public sealed record EvidenceFeatures(double Decisive, double Support, double Symptom, double Cause, double Meaning);

/// <summary>The logistic model's coefficients; <see cref="Fitted"/> were fitted on the calibration half of the labelled
/// incidents in <c>tests/data/incidents</c> (docs/benchmarks.md, "Root-cause confidence").</summary>
public sealed record ConfidenceParameters(double Intercept, double Decisive, double Support, double Symptom, double Cause, double Meaning)
{
    public static ConfidenceParameters Fitted { get; } = new(-2.76, 4.25, 0, -2.16, 0.98, 3.85);

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
    /// <summary>
    /// From how many root causes of the knowledge base that explain it a root cause is a symptom class: what several
    /// different faults look like from outside (an upstream timeout, a crash loop, a failing readiness probe, a
    /// dependency down), so that lines of it say what failed but not why.
    /// </summary>
    public const int SymptomClassFrom = 5;

    /// <summary>
    /// The most a symptom class is trusted as the root cause when none of the root causes that explain it matched: its
    /// lines fit every one of those causes and any cause the knowledge base does not know, so it is a lead (below
    /// <see cref="DiagnosisSummary.ConfidentFrom"/>), never the answer. The logistic model cannot learn this from lines
    /// alone: an upstream timeout behind a full disk and behind a feature flag gone to 100 % read the same.
    /// </summary>
    public const double UnexplainedSymptomCeiling = 0.45;

    /// <summary>How much a line still says for a root cause when another one claims it more specifically.</summary>
    private const double OutrankedFactor = 0.5;

    public static double LineStrength(SignatureMatch match) =>
        match.Signature.Weight
        * (match.Signature.PrintedAt != Severity.Unknown && match.Line.Level <= match.Signature.PrintedAt ? 1 : LevelFactor(match.Line.Level))
        * (match.Outranked ? OutrankedFactor : 1)
        * (match.Similarity ?? 1);

    /// <param name="cause">The <see cref="EvidenceFeatures.Cause"/> feature.</param>
    public static EvidenceFeatures Features(RootCauseEvidence evidence, bool isSymptom, double cause) => new(
        evidence.Matches.Where(match => !match.ByMeaning).Select(LineStrength).DefaultIfEmpty(0).Max(),
        Math.Log(evidence.Matches.Select(match => match.Signature).Distinct().Count()),
        isSymptom ? 1 : 0,
        cause,
        evidence.Matches.Where(match => match.ByMeaning).Select(LineStrength).DefaultIfEmpty(0).Max());

    /// <param name="ceiling">The most the evidence alone may say (<see cref="UnexplainedSymptomCeiling"/> for a symptom
    /// class whose causes did not match); feedback still moves the result past it, since a team that found this root cause
    /// right here several times knows what the lines cannot say.</param>
    public static double Confidence(EvidenceFeatures features, ConfidenceParameters parameters, double successRate, double ceiling = 1) =>
        1 / (1 + Math.Exp(-(Math.Log(successRate / (1 - successRate)) + Math.Min(parameters.LogOdds(features), LogOdds(ceiling)))));

    private static double LogOdds(double probability) => probability >= 1 ? double.PositiveInfinity : Math.Log(probability / (1 - probability));

    private static double LevelFactor(Severity level) => level switch
    {
        Severity.Fatal or Severity.Error => 1,
        Severity.Warn or Severity.Unknown => 0.85,
        Severity.Info => 0.7,
        _ => 0.5,
    };
}
