using FaultMaven.Integrations.LogPulls;
using FaultMaven.Testing.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;

namespace FaultMaven.Integrations.Tests;

public sealed class SplunkStubTests
{
    private const string Token = "splunk-token-0123456789";
    private static readonly DateTimeOffset From = new(2026, 11, 30, 12, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset To = From.AddMinutes(30);

    /// <summary>Lines as Splunk's export endpoint streams them with output_mode=json (docs.splunk.com, search/v2/jobs/export): a preview row, results, an INFO message.</summary>
    private static readonly string[] Export =
    [
        """{"preview":true,"offset":0,"result":{"_time":"2026-11-30T12:01:00.000+00:00","_raw":"a preview row is not final","host":"web-1"}}""",
        """{"preview":false,"offset":0,"result":{"_bkt":"main~1~X","_cd":"1:2","_indextime":"1796040061","_raw":"2026-11-30 12:01:00,120 ERROR payment gateway timeout after 3000 ms","_serial":"0","_si":["idx","main"],"_sourcetype":"checkout","_time":"2026-11-30T12:01:00.120+00:00","host":"web-1","index":"main","source":"/var/log/checkout.log","sourcetype":"checkout"}}""",
        """{"preview":false,"offset":1,"lastrow":true,"result":{"_raw":"2026-11-30 12:02:00,000 INFO order 42 paid","_time":"2026-11-30T13:02:00.000+01:00","host":"web-2"}}""",
        """{"messages":[{"type":"INFO","text":"Your timerange was substituted based on your search string"}]}""",
    ];

    [Fact]
    public async Task A_splunk_stub_replaying_the_documented_export_stream_gives_the_final_events_and_sees_the_documented_request()
    {
        await using var splunk = await StubServer.StartAsync("POST", "/services/search/v2/jobs/export", (_, _, context) =>
            context.Response.WriteAsync(string.Join('\n', Export) + "\n"));
        using var services = Settings(splunk.Address);

        var lines = await services.GetRequiredService<SplunkClient>().PullAsync("check\"out", From, To, CancellationToken.None).ToListAsync();

        Assert.Equal(["2026-11-30 12:01:00,120 ERROR payment gateway timeout after 3000 ms", "2026-11-30 12:02:00,000 INFO order 42 paid"], lines.Select(l => l.Message));
        Assert.Equal([From.AddMinutes(1).AddMilliseconds(120), From.AddMinutes(2)], lines.Select(l => l.Timestamp));
        Assert.Equal(["web-1", "web-2"], lines.Select(l => l.Host));
        var (headers, body, _) = Assert.Single(splunk.Requests);
        Assert.Equal($"Bearer {Token}", headers.Authorization.ToString());
        var form = QueryHelpers.ParseQuery(body);
        Assert.Equal("search index=* service=\"check\\\"out\"", form["search"].ToString());
        Assert.Equal(From.ToUnixTimeSeconds().ToString(), form["earliest_time"].ToString());
        Assert.Equal(To.ToUnixTimeSeconds().ToString(), form["latest_time"].ToString());
        Assert.Equal("json", form["output_mode"].ToString());
    }

    [Fact]
    public async Task A_search_error_in_the_splunk_stubs_stream_is_an_integration_error_quoting_splunk()
    {
        await using var splunk = await StubServer.StartAsync("POST", "/services/search/v2/jobs/export", (_, _, context) =>
            context.Response.WriteAsync("""{"messages":[{"type":"ERROR","text":"Error in 'search' command: Unable to parse the search"}]}""" + "\n"));
        using var services = Settings(splunk.Address);

        var error = await Assert.ThrowsAsync<IntegrationException>(() => services.GetRequiredService<SplunkClient>().PullAsync("checkout", From, To, CancellationToken.None).ToListAsync().AsTask());

        Assert.False(error.NotConfigured);
        Assert.Equal("Splunk refused the search: Error in 'search' command: Unable to parse the search", error.Message);
    }

    [Fact]
    public async Task A_splunk_stub_refusing_the_token_is_an_integration_error_with_its_status_and_body_and_is_not_retried()
    {
        await using var splunk = await StubServer.StartAsync("POST", "/services/search/v2/jobs/export", (_, _, context) =>
        {
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            return context.Response.WriteAsync("""{"messages":[{"type":"WARN","text":"call not properly authenticated"}]}""");
        });
        using var services = Settings(splunk.Address);

        var error = await Assert.ThrowsAsync<IntegrationException>(() => services.GetRequiredService<SplunkClient>().PullAsync("checkout", From, To, CancellationToken.None).ToListAsync().AsTask());

        Assert.StartsWith($"Splunk at {splunk.Address} answered 401: ", error.Message);
        Assert.Contains("call not properly authenticated", error.Message);
        Assert.Single(splunk.Requests);
    }

    [Fact]
    public async Task Splunk_that_is_not_configured_is_an_integration_error_naming_the_key()
    {
        using var services = IntegrationServices.With([]);

        var error = await Assert.ThrowsAsync<IntegrationException>(() => services.GetRequiredService<SplunkClient>().PullAsync("checkout", From, To, CancellationToken.None).ToListAsync().AsTask());

        Assert.True(error.NotConfigured);
        Assert.Contains("FaultMaven:Integrations:Splunk:Url", error.Message);
    }

    private static ServiceProvider Settings(Uri address) => IntegrationServices.With(new()
    {
        ["FaultMaven:Integrations:Splunk:Url"] = address.ToString(),
        ["FaultMaven:Integrations:Splunk:Token"] = Token,
        ["FaultMaven:Integrations:Splunk:Retries"] = "1",
    });
}
