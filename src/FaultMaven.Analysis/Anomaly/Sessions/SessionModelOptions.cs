namespace FaultMaven.Analysis.Anomaly.Sessions;

/// <summary>Training knobs of <see cref="SessionAnomalyModel"/>; the defaults are the published ones, none is tuned to labels.</summary>
/// <param name="VarianceKept">Share of variance the PCA normal subspace keeps (Xu et al. use 95%).</param>
/// <param name="ThresholdQuantile">Standard normal quantile of the Q-statistic (SPE) threshold; 3.09 is 99.9% confidence.</param>
/// <param name="MaxComponents">Upper bound on the PCA rank handed to ML.NET's randomized PCA.</param>
/// <param name="InvariantSupport">Share of the sessions touching an invariant's templates on which it must hold (Lou et al. use 98%).</param>
/// <param name="MinSessions">Fewest training sessions a template must occur in, or an invariant's templates must touch, to count as
/// normal behaviour; a session with a rarer template is anomalous, since PCA would otherwise absorb a rare template's variance.</param>
/// <param name="MaxInvariantTemplates">How many of the most widespread templates invariants are searched among; bounds training time.</param>
/// <param name="MaxInvariantCoefficient">Largest integer coefficient an invariant may have.</param>
public sealed record SessionModelOptions(
    double VarianceKept = 0.95,
    double ThresholdQuantile = 3.0902,
    int MaxComponents = 32,
    double InvariantSupport = 0.98,
    int MinSessions = 10,
    int MaxInvariantTemplates = 40,
    int MaxInvariantCoefficient = 3,
    int Seed = 1);
