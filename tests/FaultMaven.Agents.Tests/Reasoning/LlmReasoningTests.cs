using System.Diagnostics;
using System.Text.Json;
using FaultMaven.Agents.Knowledge;
using FaultMaven.Agents.LogAnalysis;
using FaultMaven.Agents.Reasoning;
using FaultMaven.Agents.Routing;
using FaultMaven.Agents.Troubleshooting;
using Microsoft.AspNetCore.Http;

namespace FaultMaven.Agents.Tests.Reasoning;

public sealed class LlmReasoningTests
{
    private const string Question = "pods of checkout are in CrashLoopBackOff since the deploy";
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(20);
    private static readonly TroubleshootingAgent Troubleshooting = new(KnowledgeBaseLoader.LoadBuiltIn());

    [Fact]
    public async Task Llm_answer_from_stub_chat_server_cites_only_given_evidence()
    {
        await using var server = await StubChatServer.StartAsync(context => StubChatServer.Complete(context, "The pods crash on start [E1]; roll back the deploy."));

        var answer = await AnswerAsync(server.Options(Generous));

        var llm = answer.Llm!;
        Assert.Equal(LlmStatus.Answered, llm.Status);
        Assert.Equal("The pods crash on start [E1]; roll back the deploy.", llm.Text);
        Assert.Equal(["E1"], llm.Citations);
        Assert.Empty(llm.StrippedCitations);
        var sentLines = answer.Suggestions.SelectMany(suggestion => suggestion.Evidence).Select(line => line.Raw.ToString()).Distinct();
        Assert.Equal(sentLines, llm.Evidence.Where(given => given.Kind == GivenEvidenceKind.Line).Select(given => given.Reference));

        var request = Assert.Single(server.Requests);
        Assert.Equal($"Bearer {StubChatServer.ApiKey}", request.Authorization);
        Assert.Equal(StubChatServer.Model, request.Model);
        Assert.Equal(LlmReasoner.Instructions, request.Messages[0]);
        Assert.NotEmpty(llm.Evidence);
        Assert.All(llm.Evidence, given => Assert.Contains($"[{given.Id}] {given.Text}", request.Messages[1]));
        Assert.Contains(Question, request.Messages[1]);
    }

    [Fact]
    public async Task Citations_of_evidence_the_stub_chat_server_was_not_given_are_stripped()
    {
        await using var server = await StubChatServer.StartAsync(context => StubChatServer.Complete(context, "Crash loop [E1, E99] as in a past outage [I7]. Roll back [F3]."));

        var llm = (await AnswerAsync(server.Options(Generous))).Llm!;

        Assert.Equal(LlmStatus.Answered, llm.Status);
        Assert.Equal("Crash loop [E1] as in a past outage. Roll back.", llm.Text);
        Assert.Equal(["E1"], llm.Citations);
        Assert.Equal(["E99", "I7", "F3"], llm.StrippedCitations);
    }

    [Fact]
    public async Task Stub_chat_server_error_leaves_the_deterministic_answer_with_the_llm_unavailable()
    {
        await using var server = await StubChatServer.StartAsync(context =>
        {
            context.Response.StatusCode = StatusCodes.Status500InternalServerError;
            return context.Response.WriteAsync("upstream exploded");
        });

        var answer = await AnswerAsync(server.Options(Generous));

        AssertDeterministicAnswer(answer);
        Assert.Equal(LlmStatus.Unavailable, answer.Llm!.Status);
        Assert.Contains("500", answer.Llm.Reason);
        Assert.Null(answer.Llm.Text);
        Assert.NotEmpty(answer.Llm.Evidence);
        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task Stub_chat_server_replying_garbage_leaves_the_llm_unavailable()
    {
        await using var server = await StubChatServer.StartAsync(context => context.Response.WriteAsync("<html>gateway</html>"));

        var answer = await AnswerAsync(server.Options(Generous));

        AssertDeterministicAnswer(answer);
        Assert.Equal(LlmStatus.Unavailable, answer.Llm!.Status);
        Assert.StartsWith("the model endpoint failed", answer.Llm.Reason);
    }

    [Fact]
    public async Task Stub_chat_server_slower_than_the_timeout_falls_back_within_the_timeout()
    {
        var timeout = TimeSpan.FromSeconds(1);
        await using var server = await StubChatServer.StartAsync(context => Task.Delay(TimeSpan.FromSeconds(30), context.RequestAborted));

        var clock = Stopwatch.StartNew();
        var answer = await AnswerAsync(server.Options(timeout));

        Assert.True(clock.Elapsed < timeout + TimeSpan.FromSeconds(2), $"answered after {clock.Elapsed}");
        AssertDeterministicAnswer(answer);
        Assert.Equal(LlmStatus.Unavailable, answer.Llm!.Status);
        Assert.Equal("no answer within 1 s", answer.Llm.Reason);
    }

    [Fact]
    public async Task Without_an_llm_the_response_has_no_llm_section()
    {
        var answer = await new Assistant(new LogAnalysisAgent(), Troubleshooting).AnswerAsync(new AgentRequest(Question, []), FeedbackHistory.Empty, DateTimeOffset.UnixEpoch, CancellationToken.None);

        AssertDeterministicAnswer(answer);
        Assert.Null(answer.Llm);
        Assert.DoesNotContain("\"llm\"", JsonSerializer.Serialize(answer, JsonSerializerOptions.Web));
        Assert.Empty(LlmOptions.Validate(new LlmOptions()));
    }

    [Fact]
    public void Options_with_an_endpoint_name_each_missing_key()
    {
        var failures = LlmOptions.Validate(new LlmOptions { Endpoint = "not a url", Timeout = TimeSpan.Zero }).ToList();

        Assert.Collection(
            failures,
            failure => Assert.StartsWith("FaultMaven:Llm:Endpoint", failure),
            failure => Assert.StartsWith("FaultMaven:Llm:Model", failure),
            failure => Assert.StartsWith("FaultMaven:Llm:ApiKey", failure),
            failure => Assert.StartsWith("FaultMaven:Llm:Timeout", failure));
    }

    private static Task<AgentResponse> AnswerAsync(LlmOptions options) =>
        new Assistant(new LogAnalysisAgent(), Troubleshooting, reasoner: LlmReasoner.Connect(options))
            .AnswerAsync(new AgentRequest(Question, []), FeedbackHistory.Empty, DateTimeOffset.UnixEpoch, CancellationToken.None);

    private static void AssertDeterministicAnswer(AgentResponse answer)
    {
        Assert.Equal("crash-loop", answer.Suggestions[0].RootCause);
        Assert.Equal(answer.Suggestions[0].Steps, answer.Steps);
    }
}
