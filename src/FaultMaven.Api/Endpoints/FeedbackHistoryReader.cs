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

    public async Task<FeedbackHistory> ReadAsync(CancellationToken cancellationToken) =>
        FeedbackHistory.From((await repository.CountsAsync(cancellationToken))
            .SelectMany(count => Enumerable.Repeat(new FeedbackOutcome(count.RootCause, VerdictOf(count.Outcome)), (int)count.Count)));
}
