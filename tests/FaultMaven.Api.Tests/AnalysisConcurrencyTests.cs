using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using FaultMaven.Api.Robustness;
using FaultMaven.Identity;
using FaultMaven.Testing;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace FaultMaven.Api.Tests;

/// <summary>
/// Analysis work is bounded process-wide: through real Kestrel, pastes that are still arriving hold the permits and the
/// queue, the next one is refused with 503, Retry-After and a problem body, and health answers throughout.
/// </summary>
[Collection(InProcessApiCollection.Name)]
public sealed class AnalysisConcurrencyTests(ITestOutputHelper output) : IssuedApiTest
{
    protected override void Configure(Dictionary<string, string> settings)
    {
        settings["FaultMaven:AnalysisConcurrency:Permits"] = "1";
        settings["FaultMaven:AnalysisConcurrency:QueueLimit"] = "1";
        settings["FaultMaven:AnalysisConcurrency:RetryAfterSeconds"] = "7";
    }

    [Fact]
    public async Task Beyond_the_permits_and_the_queue_a_paste_is_refused_with_503_and_Retry_After_while_health_answers()
    {
        using var http = new HttpClient { BaseAddress = Api.BaseAddress };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Issuer.Token("analyst", [Roles.Responder]));
        var gate = Api.Services.GetRequiredService<AnalysisGate>();
        var running = new HeldBody("text/plain", "2026-11-30T12:00:00Z ERROR connection refused to db:5432\n", "2026-11-30T12:00:01Z ERROR connection refused to db:5432\n");
        var waiting = new HeldBody("application/json", "{\"logs\": \"2026-11-30T12:00:00Z ERROR out of memory\\n", "2026-11-30T12:00:01Z ERROR out of memory\\n\"}");

        var runningResponse = http.PostAsync("/logs/analyze", running);
        await UntilGate(gate, "the first paste holds the only permit", s => s.CurrentAvailablePermits == 0);
        var waitingResponse = http.PostAsync("/query", waiting);
        await UntilGate(gate, "the second paste waits in the queue", s => s.CurrentQueuedCount == 1);

        using var refused = await http.PostAsync("/logs/analyze", Paste("ERROR disk full on /var\n"));
        using var health = await http.GetAsync("/healthz");
        var problem = JsonDocument.Parse(await refused.Content.ReadAsStringAsync()).RootElement;
        output.WriteLine($"refused: {(int)refused.StatusCode} {problem}");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
        Assert.Equal("7", refused.Headers.GetValues("Retry-After").Single());
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        Assert.Equal(503, problem.GetProperty("status").GetInt32());
        Assert.Contains(AnalysisConcurrencyOptions.Section, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);

        running.Release();
        waiting.Release();
        using var ran = await runningResponse;
        using var waited = await waitingResponse;
        Assert.Equal(HttpStatusCode.OK, ran.StatusCode);
        Assert.Equal(HttpStatusCode.OK, waited.StatusCode);
        using var after = await http.PostAsync("/logs/analyze", Paste("ERROR disk full on /var\n"));
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
        Assert.Equal(1, gate.Statistics?.CurrentAvailablePermits);
    }

    private static StringContent Paste(string text) => new(text, Encoding.UTF8, "text/plain");

    private static Task UntilGate(AnalysisGate gate, string what, Func<System.Threading.RateLimiting.RateLimiterStatistics, bool> reached) =>
        Progress.Until(
            what,
            () => Task.FromResult(gate.Statistics is { } s && reached(s)),
            () => Task.FromResult(0L),
            () => Task.FromResult($"available {gate.Statistics?.CurrentAvailablePermits}, queued {gate.Statistics?.CurrentQueuedCount}"));

    /// <summary>A paste whose first lines arrive at once and whose end arrives only on <see cref="Release"/>: its request holds its place at the gate meanwhile.</summary>
    private sealed class HeldBody : HttpContent
    {
        private readonly TaskCompletionSource released = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly string head;
        private readonly string tail;

        public HeldBody(string mediaType, string head, string tail)
        {
            Headers.ContentType = new MediaTypeHeaderValue(mediaType);
            this.head = head;
            this.tail = tail;
        }

        public void Release() => released.TrySetResult();

        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            await stream.WriteAsync(Encoding.UTF8.GetBytes(head));
            await stream.FlushAsync();
            await released.Task;
            await stream.WriteAsync(Encoding.UTF8.GetBytes(tail));
        }

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }
}

public sealed class AnalysisConcurrencyOptionsTests
{
    [Fact]
    public void Settings_without_a_permit_or_with_a_negative_queue_are_refused_at_start_naming_the_key()
    {
        var errors = new AnalysisConcurrencyOptions { Permits = 0, QueueLimit = -1, RetryAfterSeconds = 0 }.Validate().ToList();

        Assert.Contains(errors, e => e.StartsWith("FaultMaven:AnalysisConcurrency:Permits", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("FaultMaven:AnalysisConcurrency:QueueLimit", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("FaultMaven:AnalysisConcurrency:RetryAfterSeconds", StringComparison.Ordinal));
        Assert.Empty(new AnalysisConcurrencyOptions().Validate());
    }
}
