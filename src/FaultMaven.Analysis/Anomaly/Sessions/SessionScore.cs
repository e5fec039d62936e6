namespace FaultMaven.Analysis.Anomaly.Sessions;

/// <summary>How one session compares with the trained model.</summary>
/// <param name="ResidualRatio">SPE of the session over the Q-statistic threshold: above 1 is outside the normal subspace.</param>
/// <param name="Score">Residual ratio plus one per broken invariant and per template never seen in training; higher is stranger.</param>
public sealed record SessionScore(
    string Key,
    bool IsAnomalous,
    double Score,
    double ResidualRatio,
    IReadOnlyList<Invariant> BrokenInvariants,
    IReadOnlyList<int> UnseenTemplates);
