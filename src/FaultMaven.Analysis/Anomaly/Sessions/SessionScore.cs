namespace FaultMaven.Analysis.Anomaly.Sessions;

/// <summary>How one session compares with the trained model.</summary>
/// <param name="ResidualRatio">SPE of the session over the Q-statistic threshold: above 1 is outside the normal subspace.</param>
/// <param name="Score">Residual ratio plus one per broken invariant and per rare template; higher is stranger.</param>
/// <param name="RareTemplates">Templates of the session that occurred in too few training sessions (or none) to be normal.</param>
public sealed record SessionScore(
    string Key,
    bool IsAnomalous,
    double Score,
    double ResidualRatio,
    IReadOnlyList<Invariant> BrokenInvariants,
    IReadOnlyList<int> RareTemplates);
