using FaultMaven.Agents.Knowledge;
using FaultMaven.Agents.Troubleshooting;
using FaultMaven.Contracts;
using static FaultMaven.Agents.Tests.Troubleshooting.LogLines;

namespace FaultMaven.Agents.Tests.Troubleshooting;

public sealed class FeedbackRankingTests
{
    private static readonly TroubleshootingAgent Agent = new(KnowledgeBaseLoader.LoadBuiltIn());

    /// <summary>One line that is evidence for two root causes about equally: refused connections to a database that is starting up.</summary>
    private static readonly LogEvent[] Incident =
    [
        Event(0, "ERROR", "connect ECONNREFUSED 10.0.3.7:5432"),
        Event(1, "ERROR", "FATAL:  the database system is starting up"),
    ];

    [Fact]
    public void Failed_outcomes_push_a_root_cause_down_and_successes_bring_it_back()
    {
        var before = Ranking(FeedbackHistory.Empty);
        var leader = before[0];
        var runnerUp = before[1];

        var afterFailures = Ranking(FeedbackHistory.From(Enumerable.Repeat(new FeedbackOutcome(leader, FeedbackVerdict.DidNotWork), 4)));
        var afterSuccesses = Ranking(FeedbackHistory.From(Enumerable.Repeat(new FeedbackOutcome(runnerUp, FeedbackVerdict.Worked), 4)));

        Assert.Equal(runnerUp, afterFailures[0]);
        Assert.Equal(runnerUp, afterSuccesses[0]);
    }

    [Fact]
    public void A_partial_success_counts_half_on_each_side_of_the_beta_posterior()
    {
        var tally = FeedbackHistory.From([new("x", FeedbackVerdict.Worked), new("x", FeedbackVerdict.PartlyWorked), new("x", FeedbackVerdict.DidNotWork)]).TallyOf("x");

        Assert.Equal(new FeedbackTally(1.5, 1.5), tally);
        Assert.Equal((2 + 1.5) / (2 + 1 + 3), tally.SuccessRate(new BetaPrior(2, 1)), precision: 10);
    }

    [Fact]
    public void Line_order_does_not_change_the_confidence()
    {
        var noise = Enumerable.Range(0, 20).Select(i => Event(i + 2, "INFO", $"GET /api/items/{i} 200 12ms"));
        LogEvent[] refusedFirst = [Incident[0], .. noise, Incident[1]];
        LogEvent[] refusedLast = [Incident[1], .. noise, Incident[0]];

        var first = Agent.Diagnose(refusedFirst, [], FeedbackHistory.Empty).Single(hypothesis => hypothesis.RootCause == "connection-refused");
        var last = Agent.Diagnose(refusedLast, [], FeedbackHistory.Empty).Single(hypothesis => hypothesis.RootCause == "connection-refused");

        Assert.Equal(first.Confidence, last.Confidence);
    }

    private static IReadOnlyList<string> Ranking(FeedbackHistory feedback) =>
        [.. Agent.Diagnose(Incident, [], feedback).Select(hypothesis => hypothesis.RootCause)];
}
