using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace FaultMaven.EndToEnd.Tests;

[Collection(SharedSystemCollection.Name)]
public sealed class LogsToApiTests(RunningSystem system)
{
    [Fact]
    public async Task Lines_produced_with_a_kafka_client_are_stored_and_an_error_burst_becomes_a_finding()
    {
        var now = DateTimeOffset.UtcNow;
        string[] lines =
        [
            $"{now:yyyy-MM-ddTHH:mm:ssZ} INFO checkout started",
            "{\"level\":\"warn\",\"msg\":\"payment slow\",\"service\":\"payments\"}",
            .. Enumerable.Range(0, 6).Select(i => $"{now:yyyy-MM-ddTHH:mm:ssZ} ERROR payment gateway timeout after {i}s"),
        ];

        system.Produce("checkout", lines);

        await system.WaitForCount("8 checkout lines stored", () => system.CountLogs("checkout"), 8);
        await system.Eventually("an error-burst finding for checkout", async () =>
            (await system.GetJson("/findings?source=checkout")).GetProperty("items").EnumerateArray()
                .Any(f => f.GetProperty("kind").GetString() == "error-burst" && f.GetProperty("count").GetInt64() == 6));

        var errors = await system.GetJson("/logs?source=checkout&level=error");
        Assert.Equal(6, errors.GetProperty("items").GetArrayLength());
        var finding = (await system.GetJson("/findings?source=checkout")).GetProperty("items")[0];
        var byId = await system.GetJson($"/findings/{finding.GetProperty("id").GetString()}");
        Assert.Equal(6, byId.GetProperty("evidence").GetArrayLength());
        Assert.Equal("error", byId.GetProperty("severity").GetString());
    }

    [Fact]
    public async Task Lines_produced_by_the_external_kcat_binary_are_stored()
    {
        var kcat = Process.Start(new ProcessStartInfo("kcat", ["-P", "-b", system.BootstrapServers, "-t", "logs.raw", "-K:"])
        {
            RedirectStandardInput = true,
            RedirectStandardError = true,
        }) ?? throw new InvalidOperationException("kcat did not start; install it with apt-get install -y kcat (scripts/test.sh does)");
        await kcat.StandardInput.WriteLineAsync("kcat-source:2026-11-25 10:00:00 ERROR disk full on /var");
        await kcat.StandardInput.WriteLineAsync("kcat-source:{\"ts\":\"2026-11-25T10:00:01Z\",\"level\":\"info\",\"msg\":\"cleanup started\"}");
        kcat.StandardInput.Close();
        await kcat.WaitForExitAsync();
        Assert.True(kcat.ExitCode == 0, await kcat.StandardError.ReadToEndAsync());

        await system.WaitForCount("2 kcat lines stored", () => system.CountLogs("kcat-source"), 2);

        var messages = (await system.GetJson("/logs?source=kcat-source")).GetProperty("items").EnumerateArray()
            .Select(e => e.GetProperty("message").GetString()).ToList();
        Assert.Contains("disk full on /var", messages);
        Assert.Contains("cleanup started", messages);
    }

    [Fact]
    public async Task A_bad_query_parameter_gets_a_problem_details_response_naming_it()
    {
        var response = await system.Api.GetAsync("/logs?level=loud&from=yesterday");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.True(problem.GetProperty("errors").TryGetProperty("level", out _));
        Assert.True(problem.GetProperty("errors").TryGetProperty("from", out _));
    }

    [Fact]
    public async Task An_unknown_finding_id_gets_a_404_problem()
    {
        var response = await system.Api.GetAsync("/findings/does-not-exist");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task The_openapi_document_lists_the_endpoints_and_needs_no_token()
    {
        using var anonymous = new HttpClient { BaseAddress = system.Api.BaseAddress };
        var response = await anonymous.GetAsync("/openapi/v1.json");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var document = await response.Content.ReadFromJsonAsync<JsonElement>();

        var paths = document.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToList();
        Assert.Contains("/logs", paths);
        Assert.Contains("/findings", paths);
        Assert.Contains("/findings/{id}", paths);
    }

    [Fact]
    public async Task Metrics_count_records_per_pipeline_step()
    {
        system.Produce("metrics-source", ["2026-11-25 10:00:00 INFO hello"]);
        await system.WaitForCount("the line is stored", () => system.CountLogs("metrics-source"), 1);

        var metrics = await system.Api.GetStringAsync(system.WorkerUrl("/metrics"));

        Assert.Contains("faultmaven_pipeline_records_total{step=\"normalize\",outcome=\"consumed\"}", metrics);
        Assert.Contains("faultmaven_pipeline_records_total{step=\"sink-logs\",outcome=\"consumed\"}", metrics);
    }

    [Fact]
    public async Task Every_authenticated_api_action_is_in_the_audit_log_and_a_refusal_says_how_to_get_a_token()
    {
        await system.GetJson("/findings?source=audited");
        using var anonymous = new HttpClient { BaseAddress = system.Api.BaseAddress };
        var refused = await anonymous.GetAsync("/logs?source=audited");
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        Assert.Contains("/connect/token", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // The refusal is counted into one row per client and minute (LoginTests proves that row, flushed by a restart).
        await system.Eventually("the read is audited", async () =>
        {
            var entries = (await system.GetJson("/audit?limit=200")).GetProperty("items").EnumerateArray().ToList();
            return entries.Any(e => e.GetProperty("actor").GetString() == RunningSystem.ClientId
                && e.GetProperty("action").GetString()!.StartsWith("api.GET /findings", StringComparison.Ordinal)
                && e.GetProperty("outcome").GetString() == "200");
        });
    }

    [Fact]
    public async Task Templates_mined_in_the_stream_are_stored_with_their_lines_and_counted()
    {
        system.Produce("templated", Enumerable.Range(0, 8).Select(i => $"2026-11-25T10:00:0{i}Z INFO request {i} served in {i * 3 + 10} ms"));

        await system.WaitForCount("8 templated lines stored", () => system.CountLogs("templated"), 8);
        await system.Eventually("the template counts all 8 lines", async () =>
            (await system.GetJson("/templates?source=templated")).GetProperty("items").EnumerateArray()
                .Any(t => t.GetProperty("template").GetString() == "request <*> served in <*> ms" && t.GetProperty("count").GetInt64() == 8));

        var lines = (await system.GetJson("/logs?source=templated")).GetProperty("items").EnumerateArray().ToList();
        Assert.Single(lines.Select(l => l.GetProperty("templateId").GetInt32()).Distinct());
    }
}
