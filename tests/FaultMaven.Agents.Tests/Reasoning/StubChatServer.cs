using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using FaultMaven.Agents.Reasoning;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;

namespace FaultMaven.Agents.Tests.Reasoning;

/// <summary>A stub OpenAI-compatible chat server on a free local port: records every request and answers as the test says.</summary>
public sealed class StubChatServer : IAsyncDisposable
{
    public const string Model = "stub-model";
    public const string ApiKey = "stub-key";

    private readonly WebApplication app;

    private StubChatServer(WebApplication app) => this.app = app;

    public ConcurrentQueue<StubChatRequest> Requests { get; } = new();

    public static async Task<StubChatServer> StartAsync(Func<HttpContext, Task> reply)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var server = new StubChatServer(builder.Build());
        server.app.MapPost("/v1/chat/completions", async context =>
        {
            var body = await JsonNode.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted);
            server.Requests.Enqueue(new StubChatRequest(context.Request.Headers.Authorization.ToString(), body!));
            await reply(context);
        });
        await server.app.StartAsync();
        return server;
    }

    public LlmOptions Options(TimeSpan timeout) => new() { Endpoint = $"{app.Urls.Single()}/v1", Model = Model, ApiKey = ApiKey, Timeout = timeout };

    /// <summary>Answers in the documented shape of an OpenAI chat completion.</summary>
    public static Task Complete(HttpContext context, string content) => context.Response.WriteAsJsonAsync(new JsonObject
    {
        ["id"] = "chatcmpl-stub",
        ["object"] = "chat.completion",
        ["created"] = 1_714_694_400,
        ["model"] = Model,
        ["choices"] = new JsonArray(new JsonObject
        {
            ["index"] = 0,
            ["message"] = new JsonObject { ["role"] = "assistant", ["content"] = content },
            ["finish_reason"] = "stop",
        }),
        ["usage"] = new JsonObject { ["prompt_tokens"] = 100, ["completion_tokens"] = 20, ["total_tokens"] = 120 },
    });

    public async ValueTask DisposeAsync() => await app.DisposeAsync();
}

/// <summary>What the stub received: the Authorization header and the JSON body.</summary>
public sealed record StubChatRequest(string Authorization, JsonNode Body)
{
    public string? Model => Body["model"]?.GetValue<string>();

    public IReadOnlyList<string> Messages => [.. Body["messages"]!.AsArray().Select(message => message!["content"]!.GetValue<string>())];
}
