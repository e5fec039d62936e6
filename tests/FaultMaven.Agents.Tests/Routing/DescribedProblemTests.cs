using FaultMaven.Agents.Knowledge;
using FaultMaven.Agents.LogAnalysis;
using FaultMaven.Agents.Routing;
using FaultMaven.Agents.Troubleshooting;

namespace FaultMaven.Agents.Tests.Routing;

/// <summary>
/// A question is the engineer's description, not a log line: alone it gives leads, never a likely root cause, and what
/// it rules out is not suggested; beside logs it is no evidence at all. Questions written for these tests, in the
/// shapes on-call engineers type (a yes/no question, a "not X, what else", a cue that belongs to the signature).
/// </summary>
public sealed class DescribedProblemTests
{
    private static readonly Assistant Assistant = new(new LogAnalysisAgent(), new TroubleshootingAgent(KnowledgeBaseLoader.LoadBuiltIn()));

    [Theory]
    [InlineData("is the disk full?")]
    [InlineData("postgres says no space left on device since 3am")]
    [InlineData("the service logs There is not enough space on the disk, what now")]
    public async Task A_question_alone_names_what_it_describes_as_a_lead_to_confirm_with_logs(string question)
    {
        var answer = await Ask(question);

        Assert.Equal("disk-full", answer.Suggestions[0].RootCause);
        Assert.All(answer.Suggestions, suggestion => Assert.InRange(suggestion.Confidence, 0, DescribedProblem.AtMost));
        Assert.StartsWith("From your description alone, with no logs to check: Disk or volume is full", answer.Diagnosis, StringComparison.Ordinal);
        Assert.DoesNotContain("Likely root cause", answer.Diagnosis, StringComparison.Ordinal);
        Assert.Equal(0, answer.EventCount);
        Assert.Equal(0, answer.Lines.Read);
    }

    [Theory]
    [InlineData("no errors about connection refused, what else could it be?")]
    [InlineData("Connection refused is not the problem; the port is open")]
    [InlineData("we never saw ECONNREFUSED in the app")]
    public async Task A_root_cause_the_question_rules_out_is_not_suggested_and_the_answer_says_so(string question)
    {
        var answer = await Ask(question);

        Assert.DoesNotContain(answer.Suggestions, suggestion => suggestion.RootCause == "connection-refused");
        Assert.Contains("You ruled out Connection refused (nothing listening).", answer.Diagnosis, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_cue_in_another_clause_negates_nothing_here()
    {
        var answer = await Ask("the api gets connection refused from the cache, but no retries happen");

        Assert.Equal("connection-refused", answer.Suggestions[0].RootCause);
        Assert.DoesNotContain("ruled out", answer.Diagnosis, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Beside_logs_the_question_is_not_evidence_and_not_a_line()
    {
        var logs = new LogDocument("payments.log", "2026-12-02T03:00:00Z ERROR charge ch_1 declined: card_declined (insufficient_funds)\n2026-12-02T03:00:01Z INFO order 42 cancelled");

        var answer = await Assistant.AnswerAsync(
            new AgentRequest("no space left on device is NOT the problem, why do payments fail?", [logs]), FeedbackHistory.Empty, DateTimeOffset.UnixEpoch, CancellationToken.None);

        Assert.Equal(RequestKind.Logs, answer.Kind);
        Assert.DoesNotContain(answer.Suggestions, suggestion => suggestion.RootCause == "disk-full");
        Assert.DoesNotContain(answer.Suggestions.SelectMany(suggestion => suggestion.Evidence), line => line.Message.Contains("why do payments fail", StringComparison.Ordinal));
        Assert.Equal(2, answer.Lines.Read);
    }

    private static Task<AgentResponse> Ask(string question) =>
        Assistant.AnswerAsync(new AgentRequest(question, []), FeedbackHistory.Empty, DateTimeOffset.UnixEpoch, CancellationToken.None);
}
