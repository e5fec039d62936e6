using FaultMaven.Agents.Troubleshooting;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace FaultMaven.EndToEnd.Tests;

/// <summary>The agent endpoints against the running API and worker, a real PostgreSQL and the real all-MiniLM-L6-v2 model.</summary>
public sealed class AgentEndpointTests(RunningSystem system) : IClassFixture<RunningSystem>
{
    /// <summary>What <c>kubectl get events</c> and <c>kubectl describe pod</c> show for a pod killed for memory.</summary>
    private const string OomKilledExcerpt = """
        LAST SEEN   TYPE      REASON              OBJECT                                MESSAGE
        14m         Normal    Scheduled           pod/report-worker-6c9f7b5d8-xq2lp     Successfully assigned batch/report-worker-6c9f7b5d8-xq2lp to ip-10-0-3-17
        14m         Normal    Started             pod/report-worker-6c9f7b5d8-xq2lp     Started container report-worker
        6m          Warning   OOMKilling          node/ip-10-0-3-17                     Memory cgroup out of memory: Killed process 28411 (java) total-vm:5123412kB, anon-rss:2097152kB
        6m          Normal    Killing             pod/report-worker-6c9f7b5d8-xq2lp     Container report-worker exceeded its memory limit, will be restarted
        2m          Warning   BackOff             pod/report-worker-6c9f7b5d8-xq2lp     Back-off restarting failed container report-worker in pod report-worker-6c9f7b5d8-xq2lp_batch
            Last State:     Terminated
              Reason:       OOMKilled
              Exit Code:    137
            Restart Count:  3
        """;

    [Fact]
    public async Task Pasted_kubectl_output_of_an_oom_killed_pod_ranks_memory_exhaustion_or_crash_loop_in_the_top_three()
    {
        var response = await system.Api.PostAsync("/logs/analyze", new StringContent(OomKilledExcerpt, Encoding.UTF8, "text/plain"));

        var analysis = (await Success(response)).GetProperty("analysis");
        var topThree = RootCauses(analysis.GetProperty("suggestions")).Take(3).ToList();
        Assert.True(topThree.Contains("memory-exhaustion") || topThree.Contains("crash-loop"), $"top three: {string.Join(", ", topThree)}");
        var best = analysis.GetProperty("suggestions")[0];
        Assert.NotEmpty(best.GetProperty("steps").EnumerateArray());
        Assert.NotEmpty(best.GetProperty("commands").EnumerateArray());
        Assert.NotEmpty(best.GetProperty("evidence").EnumerateArray());
        Assert.InRange(best.GetProperty("confidence").GetDouble(), 0, 1);
    }

    [Fact]
    public async Task A_log_file_uploaded_as_multipart_is_analyzed_like_a_paste()
    {
        using var form = new MultipartFormDataContent { { new StringContent(OomKilledExcerpt), "file", "report-worker.log" } };

        var response = await system.Api.PostAsync("/logs/analyze", form);

        var analysis = (await Success(response)).GetProperty("analysis");
        Assert.Contains("memory-exhaustion", RootCauses(analysis.GetProperty("suggestions")).Take(3));
    }

    [Fact]
    public async Task A_question_with_logs_gets_findings_ranked_suggestions_steps_and_commands()
    {
        var response = await system.Api.PostAsJsonAsync("/query", new { question = "why does report-worker keep restarting?", logs = KubeletLines("report-worker") });

        var answer = await Success(response);
        Assert.Equal("logs", answer.GetProperty("kind").GetString());
        Assert.NotEmpty(answer.GetProperty("findings").EnumerateArray());
        Assert.Contains("memory-exhaustion", RootCauses(answer.GetProperty("suggestions")).Take(3));
        Assert.NotEmpty(answer.GetProperty("steps").EnumerateArray());
        Assert.NotEmpty(answer.GetProperty("commands").EnumerateArray());
        Assert.Equal(JsonValueKind.Array, answer.GetProperty("similarIncidents").ValueKind);
    }

    [Fact]
    public async Task An_analysis_stored_as_an_incident_is_diagnosed_from_its_decisive_line_even_when_no_detector_flagged_it()
    {
        // The kernel's line has no level, so no detector turns it into a finding; the unit's exit lines do.
        var logs = string.Join('\n',
            "2026-12-02T03:00:00Z INFO settlement worker started with -Xmx6g",
            "[2318841.551203] Out of memory: Killed process 30117 (java) total-vm:9871236kB, anon-rss:6021344kB, file-rss:0kB, shmem-rss:0kB, UID:998 pgtables:12480kB oom_score_adj:0",
            "2026-12-02T03:00:07Z ERROR settlement.service: Main process exited, code=killed, status=9/KILL",
            "2026-12-02T03:00:07Z ERROR settlement.service: Failed with result 'signal'.");

        var response = await system.Api.PostAsJsonAsync("/logs/analyze", new { logs, source = "known-cause-e2e", storeAsIncident = true });
        var stored = await Success(response);
        var incidentId = Assert.Single(stored.GetProperty("incidentIds").EnumerateArray()).GetString();
        var suggestions = (await system.GetJson($"/suggestions?incidentId={incidentId}")).GetProperty("suggestions");

        var analysed = stored.GetProperty("analysis").GetProperty("suggestions")[0];
        Assert.True(analysed.GetProperty("confidence").GetDouble() >= DiagnosisSummary.ConfidentFrom, analysed.ToString());
        Assert.Equal(analysed.GetProperty("rootCause").GetString(), suggestions[0].GetProperty("rootCause").GetString());
        Assert.Contains(suggestions[0].GetProperty("evidence").EnumerateArray(), line => line.GetProperty("message").GetString()!.Contains("Out of memory: Killed process", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Did_not_work_feedback_on_the_top_suggestion_lowers_it_in_the_next_suggestions()
    {
        var incidentId = await StoreAsIncident("feedback-e2e", KubeletLines("ledger-sync"));
        var before = (await system.GetJson($"/suggestions?incidentId={incidentId}")).GetProperty("suggestions");
        Assert.True(before.GetArrayLength() >= 2, before.ToString());
        var top = before[0];
        var topRootCause = top.GetProperty("rootCause").GetString();

        var feedback = await system.Api.PostAsJsonAsync("/feedback", new { incidentId, rootCause = topRootCause, outcome = "did-not-work", note = "memory limit was already 8Gi; token=hunter2" });

        Assert.Equal(HttpStatusCode.Created, feedback.StatusCode);
        var after = (await system.GetJson($"/suggestions?incidentId={incidentId}")).GetProperty("suggestions");
        var sameAfter = after.EnumerateArray().Single(suggestion => suggestion.GetProperty("rootCause").GetString() == topRootCause);
        Assert.True(sameAfter.GetProperty("confidence").GetDouble() < top.GetProperty("confidence").GetDouble(), $"before: {top}\nafter: {sameAfter}");
        Assert.True(sameAfter.GetProperty("successRate").GetDouble() < top.GetProperty("successRate").GetDouble());
        var note = await system.CountRows("SELECT count(*) FROM feedback WHERE position(convert_to('hunter2', 'UTF8') in note) > 0");
        Assert.Equal(0, note);
    }

    [Fact]
    public async Task A_resolved_incident_is_found_with_its_resolution_by_a_paraphrased_question()
    {
        var incidentId = await StoreAsIncident("retrieval-e2e", KubeletLines("invoice-renderer"));
        await system.WaitForCount(
            $"the worker embeds the open incident {incidentId}",
            () => system.CountRows($"SELECT count(*) FROM incident_embeddings WHERE incident_id = '{incidentId}' AND status = 'open'"),
            1);
        const string resolution = "Raised the invoice-renderer memory limit from 2Gi to 4Gi and capped the JVM heap at 3g";

        var resolved = await system.Api.PostAsJsonAsync($"/incidents/{incidentId}/resolve", new { resolution });

        await Success(resolved);
        // The API's index learns of the resolution from PostgreSQL asynchronously, so the search is repeated until it does.
        JsonElement found = default, match = default;
        await system.Eventually($"incident {incidentId} found as resolved", async () =>
        {
            found = await system.GetJson($"/context/retrieve?q={Uri.EscapeDataString("our pdf rendering service ran out of RAM and the kernel killed it, how was that fixed?")}&limit=5");
            match = found.GetProperty("items").EnumerateArray().SingleOrDefault(item => item.GetProperty("incidentId").GetString() == incidentId);
            return match.ValueKind == JsonValueKind.Object && match.GetProperty("status").GetString() == "resolved";
        });
        Assert.True(match.ValueKind == JsonValueKind.Object, found.ToString());
        Assert.Equal(resolution, match.GetProperty("resolution").GetString());
        Assert.Equal("resolved", match.GetProperty("status").GetString());

        // A question about something no incident is about finds nothing, rather than the least unrelated incident
        // (the in-process MiniLM's similarity floor, docs/retrieval.md#similarity-floor).
        var unrelated = await system.GetJson($"/context/retrieve?q={Uri.EscapeDataString("the kiosk cannot pair with its Bluetooth barcode scanner")}&limit=5");
        Assert.True(unrelated.GetProperty("items").GetArrayLength() == 0, unrelated.ToString());
    }

    [Fact]
    public async Task Bad_input_gets_a_problem_naming_the_parameter_and_an_unknown_incident_a_404()
    {
        await AssertProblem(await system.Api.PostAsJsonAsync("/query", new { }), HttpStatusCode.BadRequest, "question");
        await AssertProblem(await system.Api.PostAsync("/query", new StringContent("{not json", Encoding.UTF8, "application/json")), HttpStatusCode.BadRequest, "body");
        await AssertProblem(await system.Api.PostAsync("/query", new FormUrlEncodedContent([new("question", "why?")])), HttpStatusCode.UnsupportedMediaType);
        await AssertProblem(await system.Api.PostAsync("/logs/analyze", new StringContent("<logs/>", Encoding.UTF8, "application/xml")), HttpStatusCode.UnsupportedMediaType);
        await AssertProblem(await system.Api.PostAsJsonAsync("/query", new { question = "what now?", incidentId = "inc-missing" }), HttpStatusCode.NotFound);
        await AssertProblem(await system.Api.PostAsync("/logs/analyze", new StringContent(" \n", Encoding.UTF8, "text/plain")), HttpStatusCode.BadRequest, "logs");
        await AssertProblem(await system.Api.PostAsync("/logs/analyze?storeAsIncident=maybe", new StringContent("ERROR x", Encoding.UTF8, "text/plain")), HttpStatusCode.BadRequest, "storeAsIncident");
        await AssertProblem(await system.Api.SendAsync(Oversized("/logs/analyze", "text/plain")), HttpStatusCode.RequestEntityTooLarge);
        await AssertProblem(await system.Api.SendAsync(Oversized("/query", "application/json")), HttpStatusCode.RequestEntityTooLarge);
        await AssertProblem(await system.Api.GetAsync("/suggestions"), HttpStatusCode.BadRequest, "incidentId");
        await AssertProblem(await system.Api.GetAsync("/suggestions?incidentId=inc-missing"), HttpStatusCode.NotFound);
        await AssertProblem(await system.Api.GetAsync("/context/retrieve?limit=0"), HttpStatusCode.BadRequest, "q", "limit");
        Assert.Contains("is needed", await (await system.Api.GetAsync("/context/retrieve")).Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Contains("not both", await (await system.Api.GetAsync("/context/retrieve?q=disk&incidentId=inc-1")).Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var unknownKind = await system.Api.GetAsync("/findings?kind=nope");
        var unknownKindBody = await unknownKind.Content.ReadAsStringAsync();
        await AssertProblem(unknownKind, HttpStatusCode.BadRequest, "kind");
        Assert.Contains("error-burst", unknownKindBody, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await system.Api.GetAsync("/findings?kind=error-burst")).StatusCode);
        await AssertProblem(await system.Api.GetAsync("/context/retrieve?incidentId=inc-missing"), HttpStatusCode.NotFound);
        await AssertProblem(
            await system.Api.PostAsJsonAsync("/feedback", new { incidentId = "inc-missing", rootCause = "gremlins", outcome = "meh" }), HttpStatusCode.BadRequest, "rootCause", "outcome");
        await AssertProblem(
            await system.Api.PostAsJsonAsync("/feedback", new { incidentId = "inc-missing", rootCause = "crash-loop", outcome = "worked" }), HttpStatusCode.NotFound);
    }

    /// <summary>Kubelet's klog lines for a pod killed for memory, then crash-looping: new error templates, so findings that can make an incident.</summary>
    private static string KubeletLines(string workload) => string.Join('\n', Enumerable.Range(0, 4).SelectMany(restart => new[]
    {
        $"""I0502 10:0{restart}:00.000000    2817 kubelet.go:2410] "Started container" container="{workload}" pod="batch/{workload}-6c9f7b5d8-xq2lp" """,
        $"""E0502 10:0{restart}:40.000000    2817 kuberuntime_container.go:1189] "Container terminated" reason="OOMKilled" exitCode=137 container="{workload}" message="Memory cgroup out of memory: Killed process {28411 + restart} (java)" """,
        $"""E0502 10:0{restart}:45.000000    2817 pod_workers.go:1298] "Error syncing pod, skipping" err="failed to StartContainer for {workload} with CrashLoopBackOff: Back-off restarting failed container {workload}" pod="batch/{workload}-6c9f7b5d8-xq2lp" """,
    }));

    private async Task<string> StoreAsIncident(string source, string logs)
    {
        var response = await system.Api.PostAsJsonAsync("/logs/analyze", new { logs, source, storeAsIncident = true });
        var stored = await Success(response);
        return Assert.Single(stored.GetProperty("incidentIds").EnumerateArray()).GetString()!;
    }

    /// <summary>Expect: 100-continue lets the server refuse before the body is sent, as careful upload clients do.</summary>
    private static HttpRequestMessage Oversized(string path, string mediaType)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(new string('x', RunningSystem.MaxBodyBytes + 1), Encoding.UTF8, mediaType) };
        request.Headers.ExpectContinue = true;
        return request;
    }

    private static IEnumerable<string?> RootCauses(JsonElement suggestions) =>
        suggestions.EnumerateArray().Select(suggestion => suggestion.GetProperty("rootCause").GetString());

    private static async Task<JsonElement> Success(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement;
    }

    private static async Task AssertProblem(HttpResponseMessage response, HttpStatusCode status, params string[] parameters)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"{response.RequestMessage?.RequestUri}: expected {status}, got {(int)response.StatusCode} {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(body).RootElement;
        foreach (var parameter in parameters)
        {
            Assert.True(problem.GetProperty("errors").TryGetProperty(parameter, out _), $"no error for '{parameter}': {body}");
        }
    }
}
