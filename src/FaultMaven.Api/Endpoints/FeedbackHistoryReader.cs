using FaultMaven.Agents.Troubleshooting;
using FaultMaven.Storage;

namespace FaultMaven.Api.Endpoints;

/// <summary>The feedback table as the troubleshooting agent's <see cref="FeedbackHistory"/>.</summary>
public sealed class FeedbackHistoryReader(FeedbackRepository repository)
{
    public static FeedbackVerdict VerdictOf(string outcome) => outcome switch
    {
        FeedbackOutcomes.Worked => FeedbackVerdict.Worked,
        FeedbackOutcomes.Partly => FeedbackVerdict.PartlyWorked,
        FeedbackOutcomes.DidNotWork => FeedbackVerdict.DidNotWork,
        _ => throw new ArgumentOutOfRangeException(nameof(outcome), outcome, $"use one of {string.Join(", ", FeedbackOutcomes.All)}"),
    };

    /// <summary>The feedback on incidents the caller's <paramref name="scope"/> allows.</summary>
    public async Task<FeedbackHistory> ReadAsync(SourceScope scope, CancellationToken cancellationToken) =>
        FeedbackHistory.From((await repository.CountsAsync(cancellationToken, scope))
            .SelectMany(count => Enumerable.Repeat(new FeedbackOutcome(count.RootCause, VerdictOf(count.Outcome)), (int)count.Count)));
}
