using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using FaultMaven.Api.Endpoints;
using FaultMaven.Contracts;
using FaultMaven.Identity;
using FaultMaven.Storage;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Xunit.Abstractions;

namespace FaultMaven.Api.Tests;

/// <summary>
/// Stored incidents over the API, on one API for the class: what people write when they resolve one is bounded, masked
/// and stored sealed; a question about one is answered from its stored findings and evidence, as its suggestions are.
/// </summary>
[Collection(InProcessApiCollection.Name)]
public sealed class StoredIncidentTests(StoredIncidentTests.SharedApi shared, ITestOutputHelper output) : IClassFixture<StoredIncidentTests.SharedApi>
{
    private const string GitHubToken = "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";

    /// <summary>Two incidents to resolve, and one a warning opened before an 11-line burst of refused connections joined it.</summary>
    public sealed class SharedApi : SharedIssuedApi
    {
        public List<string> ToResolve { get; } = [];

        public string Refused { get; private set; } = "";

        protected override async Task SeedAsync()
        {
            var now = DateTimeOffset.UtcNow;
            var filer = Api.Services.GetRequiredService<FindingFiler>();
            foreach (var source in new[] { "resolution-long", "resolution-secret" })
            {
                var finding = new Finding(
                    $"fnd-{source}", "error-burst", Severity.Error, source, "checkout", now.AddMinutes(-1), now, "payment errors", 3, null, 1, null,
                    ["payment <*>"], ["payment declined"], [new RawOffset("logs.raw", 0, 1)]);
                ToResolve.Add((await filer.FileAsync([finding]))[finding.Id]);
            }

            var warnings = Enumerable.Range(0, 3).Select(i => Line(now.AddMinutes(-5), i, Severity.Warn, $"upstream payments slow to answer ({1200 + (i * 100)} ms), retrying")).ToList();
            var errors = Enumerable.Range(3, 11).Select(i => Line(now.AddMinutes(-5), i, Severity.Error, $"payment call failed: dial tcp 10.0.3.7:8443: connect: connection refused (order {4000 + i})")).ToList();
            await StoreLogsAsWorkerAsync([.. warnings, .. errors]);
            var slow = Cited("fnd-refused-slow", "rate-change", Severity.Warn, "upstream payments slow to answer <*>, retrying", warnings);
            var burst = Cited("fnd-refused-burst", "error-burst", Severity.Error, "payment call failed: dial tcp <*>: connect: connection refused <*>", errors);
            Refused = (await filer.FileAsync([slow]))[slow.Id];
            await filer.FileAsync([burst]);
        }

        private static LogEvent Line(DateTimeOffset start, int offset, Severity level, string message) => new(
            start.AddSeconds(offset), "refused", "checkout", "web-1", level, message, new Dictionary<string, string>(), new RawOffset("logs.raw", 0, 100 + offset, 0, offset));

        private static Finding Cited(string id, string kind, Severity severity, string title, IReadOnlyList<LogEvent> lines) => new(
            id, kind, severity, "refused", "checkout", lines[0].Timestamp, lines[^1].Timestamp, title, lines.Count, null, 1, null,
            [title], [lines[0].Message], [.. lines.Select(line => line.Raw)]);
    }

    [Fact]
    public async Task A_resolution_over_the_limit_gets_a_400_problem_and_leaves_the_incident_open()
    {
        using var http = Client();

        var response = await http.PostAsJsonAsync($"/incidents/{shared.ToResolve[0]}/resolve", new { resolution = new string('x', IncidentEndpoints.MaxResolutionLength + 1) });

        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, body);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains($"at most {IncidentEndpoints.MaxResolutionLength} characters", body, StringComparison.Ordinal);
        Assert.Equal("open", (await Incident(http, shared.ToResolve[0])).GetProperty("status").GetString());
    }

    [Fact]
    public async Task A_resolution_is_masked_before_it_is_stored_and_sealed_in_the_database()
    {
        using var http = Client();
        var resolution = $"rotated {GitHubToken} and set password=hunter2-{Guid.NewGuid():N}\n-----BEGIN PRIVATE KEY-----\nMIIEvQ\n-----END PRIVATE KEY-----";

        var response = await http.PostAsJsonAsync($"/incidents/{shared.ToResolve[1]}/resolve", new { resolution });

        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        var stored = (await Incident(http, shared.ToResolve[1])).GetProperty("resolution").GetString();
        Assert.Equal("rotated <masked:github-token> and set password=<masked:secret>\n<masked:private-key>\n<masked:private-key>\n<masked:private-key>", stored);
        await using var command = shared.Host.Services.GetRequiredService<NpgsqlDataSource>().CreateCommand("SELECT resolution FROM incidents WHERE id = $1");
        command.Parameters.Add(new NpgsqlParameter { Value = shared.ToResolve[1] });
        var raw = (byte[])(await command.ExecuteScalarAsync())!;
        Assert.DoesNotContain("rotated", Encoding.UTF8.GetString(raw), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_question_naming_an_incident_gets_the_cause_its_error_burst_shows_the_same_as_its_suggestions_and_the_burst_titles_it()
    {
        using var http = Client();

        using var queried = await http.PostAsJsonAsync("/query", new { question = "why is checkout failing since this morning?", incidentId = shared.Refused });
        var answer = await queried.Content.ReadFromJsonAsync<JsonElement>();
        var suggested = await http.GetFromJsonAsync<JsonElement>($"/suggestions?incidentId={shared.Refused}");
        var incident = await Incident(http, shared.Refused);

        output.WriteLine($"/query: {answer.GetProperty("diagnosis")}; /suggestions: {TopCause(suggested)}; title: {incident.GetProperty("title")}");
        Assert.Equal(HttpStatusCode.OK, queried.StatusCode);
        Assert.Equal("connection-refused", TopCause(answer));
        Assert.Equal(TopCause(suggested), TopCause(answer));
        Assert.Contains("The closest match, Connection refused", answer.GetProperty("diagnosis").GetString(), StringComparison.Ordinal);
        Assert.Equal(["fnd-refused-burst", "fnd-refused-slow"], answer.GetProperty("findings").EnumerateArray().Select(finding => finding.GetProperty("id").GetString()).Order());
        Assert.Equal("refused: payment call failed: dial tcp <*>: connect: connection refused <*>", incident.GetProperty("title").GetString());
    }

    private static string? TopCause(JsonElement answer) => answer.GetProperty("suggestions")[0].GetProperty("rootCause").GetString();

    private HttpClient Client()
    {
        var http = new HttpClient { BaseAddress = shared.Host.BaseAddress };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", shared.TokenIssuer.Token("rita", [Roles.Responder]));
        return http;
    }

    private static async Task<JsonElement> Incident(HttpClient http, string id) =>
        (await http.GetFromJsonAsync<JsonElement>($"/incidents/{id}")).GetProperty("incident");
}
