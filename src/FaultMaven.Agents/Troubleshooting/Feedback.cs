using FaultMaven.Agents.Knowledge;

namespace FaultMaven.Agents.Troubleshooting;

/// <summary>What the engineer reported after trying a suggestion.</summary>
public enum FeedbackVerdict
{
    Worked,
    PartlyWorked,
    DidNotWork,
}

/// <summary>One piece of feedback about a suggested root cause; storage feeds these in as they were recorded.</summary>
public sealed record FeedbackOutcome(string RootCauseId, FeedbackVerdict Verdict);

/// <summary>How a root cause's suggestions have fared; a partial success counts half for each side.</summary>
public sealed record FeedbackTally(double Worked, double Failed)
{
    public static FeedbackTally None { get; } = new(0, 0);

    public FeedbackTally Add(FeedbackVerdict verdict) => verdict switch
    {
        FeedbackVerdict.Worked => this with { Worked = Worked + 1 },
        FeedbackVerdict.PartlyWorked => new(Worked + 0.5, Failed + 0.5),
        _ => this with { Failed = Failed + 1 },
    };

    /// <summary>The Beta posterior mean of the success rate: prior pseudo-counts plus observed outcomes.</summary>
    public double SuccessRate(BetaPrior prior) => (prior.Alpha + Worked) / (prior.Alpha + prior.Beta + Worked + Failed);
}

/// <summary>Every root cause's feedback tally; immutable, so a ranking can be recomputed against any point in history.</summary>
public sealed record FeedbackHistory(IReadOnlyDictionary<string, FeedbackTally> Tallies)
{
    public static FeedbackHistory Empty { get; } = new(new Dictionary<string, FeedbackTally>());

    public static FeedbackHistory From(IEnumerable<FeedbackOutcome> outcomes) => outcomes.Aggregate(Empty, (history, outcome) => history.Add(outcome));

    public FeedbackHistory Add(FeedbackOutcome outcome) => new(new Dictionary<string, FeedbackTally>(Tallies)
    {
        [outcome.RootCauseId] = TallyOf(outcome.RootCauseId).Add(outcome.Verdict),
    });

    public FeedbackTally TallyOf(string rootCauseId) => Tallies.GetValueOrDefault(rootCauseId, FeedbackTally.None);
}
