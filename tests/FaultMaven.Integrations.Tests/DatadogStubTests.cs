using System.Text.Json;
using FaultMaven.Integrations.LogPulls;
using FaultMaven.Testing.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace FaultMaven.Integrations.Tests;

public sealed class DatadogStubTests
{
    private static readonly DateTimeOffset From = new(2026, 11, 30, 12, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset To = From.AddMinutes(30);

    [Fact]
    public async Task A_datadog_stub_is_read_page_after_page_by_cursor_and_its_429_is_waited_out_as_its_rate_limit_headers_say()
    {
        await using var datadog = await StubServer.StartAsync("POST", "/api/v2/logs/events/search", (number, _, context) => number switch
        {
            // Datadog's documented rate-limit answer: 429 with X-RateLimit-Limit/-Period/-Remaining/-Reset (seconds to the period's end).
            0 => RateLimited(context),
            1 => context.Response.WriteAsync(Page(["payment gateway timeout after 3000 ms", "payment gateway timeout after 3001 ms"], "eyJhZnRlciI6IkFRQUFBWE1rLUNp"), context.RequestAborted),
            _ => context.Response.WriteAsync(Page(["order 42 paid"], null), context.RequestAborted),
        });
        using var services = IntegrationServices.With(new()
        {
            ["FaultMaven:Integrations:Datadog:Url"] = datadog.Address.ToString(),
            ["FaultMaven:Integrations:Datadog:ApiKey"] = "dd-api-key",
            ["FaultMaven:Integrations:Datadog:ApplicationKey"] = "dd-app-key",
            ["FaultMaven:Integrations:Datadog:PageSize"] = "2",
        });

        var lines = await services.GetRequiredService<DatadogClient>().PullAsync("checkout", From, To, CancellationToken.None).ToListAsync();

        Assert.Equal(["payment gateway timeout after 3000 ms", "payment gateway timeout after 3001 ms", "order 42 paid"], lines.Select(l => l.Message));
        Assert.All(lines, line => Assert.Equal("checkout", line.Service));
        Assert.Equal(3, datadog.Requests.Count);
        var waited = datadog.Requests[1].At - datadog.Requests[0].At;
        Assert.True(waited >= TimeSpan.FromSeconds(0.9), $"the retry after the 429 came {waited.TotalMilliseconds:F0} ms later; X-RateLimit-Reset said 1 s");
        foreach (var (headers, _, _) in datadog.Requests)
        {
            Assert.Equal("dd-api-key", headers["DD-API-KEY"].ToString());
            Assert.Equal("dd-app-key", headers["DD-APPLICATION-KEY"].ToString());
        }

        var first = JsonDocument.Parse(datadog.Requests[1].Body).RootElement;
        Assert.Equal("service:\"checkout\"", first.GetProperty("filter").GetProperty("query").GetString());
        Assert.Equal(From, first.GetProperty("filter").GetProperty("from").GetDateTimeOffset());
        Assert.Equal(To, first.GetProperty("filter").GetProperty("to").GetDateTimeOffset());
        Assert.Equal(2, first.GetProperty("page").GetProperty("limit").GetInt32());
        Assert.False(first.GetProperty("page").TryGetProperty("cursor", out _));
        var second = JsonDocument.Parse(datadog.Requests[2].Body).RootElement;
        Assert.Equal("eyJhZnRlciI6IkFRQUFBWE1rLUNp", second.GetProperty("page").GetProperty("cursor").GetString());
    }

    [Fact]
    public async Task A_datadog_stub_refusing_the_keys_is_an_integration_error_quoting_its_errors()
    {
        await using var datadog = await StubServer.StartAsync("POST", "/api/v2/logs/events/search", (_, _, context) =>
        {
            context.Response.StatusCode = StatusCodes.Status403Forbidden;
            return context.Response.WriteAsync("""{"errors":["Forbidden"]}""");
        });
        using var services = IntegrationServices.With(new()
        {
            ["FaultMaven:Integrations:Datadog:Url"] = datadog.Address.ToString(),
            ["FaultMaven:Integrations:Datadog:ApiKey"] = "dd-api-key",
            ["FaultMaven:Integrations:Datadog:ApplicationKey"] = "wrong",
        });

        var error = await Assert.ThrowsAsync<IntegrationException>(() => services.GetRequiredService<DatadogClient>().PullAsync("checkout", From, To, CancellationToken.None).ToListAsync().AsTask());

        Assert.Equal($"Datadog at {datadog.Address} answered 403: {{\"errors\":[\"Forbidden\"]}}", error.Message);
        Assert.Single(datadog.Requests);
    }

    private static Task RateLimited(HttpContext context)
    {
        context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        context.Response.Headers["X-RateLimit-Limit"] = "300";
        context.Response.Headers["X-RateLimit-Period"] = "3600";
        context.Response.Headers["X-RateLimit-Remaining"] = "0";
        context.Response.Headers["X-RateLimit-Reset"] = "1";
        return context.Response.WriteAsync("""{"errors":["Too many requests"]}""");
    }

    /// <summary>A page as the Logs Search API documents it: data of log events, meta.page.after while more follow.</summary>
    private static string Page(string[] messages, string? after) => JsonSerializer.Serialize(new Dictionary<string, object?>
    {
        ["data"] = messages.Select((message, i) => new
        {
            id = $"AQAAAX{i}",
            type = "log",
            attributes = new
            {
                timestamp = From.AddMinutes(i + 1).ToString("o"),
                service = "checkout",
                host = "web-1",
                status = "error",
                message,
                tags = new[] { "env:prod" },
                attributes = new { http = new { status_code = 502 } },
            },
        }),
        ["meta"] = after is null ? (object)new { status = "done" } : new { page = new { after }, status = "done" },
        ["links"] = after is null ? null : new { next = $"https://api.datadoghq.com/api/v2/logs/events?page[cursor]={after}" },
    });
}
