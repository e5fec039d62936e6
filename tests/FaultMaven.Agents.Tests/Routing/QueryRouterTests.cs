using FaultMaven.Agents.LogAnalysis;
using FaultMaven.Agents.Routing;

namespace FaultMaven.Agents.Tests.Routing;

public sealed class QueryRouterTests
{
    [Theory]
    [InlineData("2024-05-01T10:00:00Z ERROR connect ECONNREFUSED 10.0.0.1:5432\n2024-05-01T10:00:01Z INFO retrying", RequestKind.Logs)]
    [InlineData("why do my pods keep getting OOMKilled after the upgrade?", RequestKind.Question)]
    [InlineData("what should I run next?", RequestKind.NextSteps)]
    [InlineData("any update on INC-4411?", RequestKind.Incident)]
    public void Text_is_classified_by_what_it_contains(string text, RequestKind kind)
    {
        Assert.Equal(kind, QueryRouter.Classify(new AgentRequest(text, [])).Kind);
    }

    [Fact]
    public void Attached_logs_run_log_analysis_troubleshooting_and_retrieval()
    {
        var route = QueryRouter.Classify(AgentRequest.ForLogs([new LogDocument("app.log", "2024-05-01T10:00:00Z ERROR boom")]));

        Assert.Equal(RequestKind.Logs, route.Kind);
        Assert.Equal([AgentKind.LogAnalysis, AgentKind.Troubleshooting, AgentKind.SimilarIncidents], route.Agents);
    }

    [Fact]
    public async Task A_question_is_matched_against_signatures_without_log_analysis()
    {
        var assistant = new Assistant(new LogAnalysisAgent(), new FaultMaven.Agents.Troubleshooting.TroubleshootingAgent(FaultMaven.Agents.Knowledge.KnowledgeBaseLoader.LoadBuiltIn()));

        var answer = await assistant.AnswerAsync(new AgentRequest("pods of checkout are in CrashLoopBackOff since the deploy", []), FaultMaven.Agents.Troubleshooting.FeedbackHistory.Empty, DateTimeOffset.UnixEpoch, CancellationToken.None);

        Assert.Equal(RequestKind.Question, answer.Kind);
        Assert.DoesNotContain(AgentKind.LogAnalysis, answer.Agents);
        Assert.Equal("crash-loop", answer.Suggestions[0].RootCause);
        Assert.Equal(answer.Suggestions[0].Steps, answer.Steps);
        Assert.Empty(answer.SimilarIncidents);
    }
}
