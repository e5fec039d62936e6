using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace FaultMaven.EndToEnd.Tests;

public sealed class InjectedFaultTests(RunningSystem system) : IClassFixture<RunningSystem>
{
    [Fact]
    public async Task A_fault_injected_into_a_healthy_service_log_becomes_one_incident_with_its_findings()
    {
        var start = DateTimeOffset.UtcNow.AddMinutes(-2);
        var healthy = Enumerable.Range(0, 200).Select(i =>
            $"{start.AddMilliseconds(i * 300):yyyy-MM-ddTHH:mm:ss.fffZ} INFO GET /api/cart/{i % 17} 200 in {10 + (i % 9)} ms");
        var fault = Enumerable.Range(0, 12).Select(i =>
            $"{start.AddSeconds(61 + i):yyyy-MM-ddTHH:mm:ss.fffZ} ERROR cart repository failed: connection refused to postgres:5432 (attempt {i + 1})");

        system.Produce("cart", healthy.Concat(fault));

        JsonElement incidents = default;
        await system.Eventually("an incident for cart grouping the burst and the new error", async () =>
        {
            incidents = (await system.GetJson("/incidents?source=cart")).GetProperty("items");
            if (incidents.GetArrayLength() != 1)
            {
                return false;
            }

            var kinds = await FindingKinds(incidents[0].GetProperty("id").GetString()!);
            return kinds.Contains("error-burst") && kinds.Contains("new-template");
        });

        var incident = await system.GetJson($"/incidents/{incidents[0].GetProperty("id").GetString()}");
        Assert.Equal("error", incident.GetProperty("incident").GetProperty("severity").GetString());
        Assert.True(incident.GetProperty("findings").GetArrayLength() >= 2, incident.ToString());
        Assert.All(incident.GetProperty("findings").EnumerateArray(), f => Assert.Equal("cart", f.GetProperty("source").GetString()));
        Assert.Contains(incident.GetProperty("findings").EnumerateArray(), f =>
            f.GetProperty("examples").EnumerateArray().Any(e => e.GetString()!.Contains("connection refused", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Resolving_an_incident_records_the_resolution_and_a_second_resolve_conflicts()
    {
        system.Produce("resolve-me", Enumerable.Range(0, 6).Select(i => $"{DateTimeOffset.UtcNow:yyyy-MM-ddTHH:mm:ssZ} FATAL out of memory: killed process {i}"));
        string? id = null;
        await system.Eventually("an incident for resolve-me", async () =>
        {
            var items = (await system.GetJson("/incidents?source=resolve-me")).GetProperty("items");
            id = items.GetArrayLength() > 0 ? items[0].GetProperty("id").GetString() : null;
            return id is not null;
        });

        var resolved = await system.Api.PostAsJsonAsync($"/incidents/{id}/resolve", new { resolution = "raised the memory limit to 2Gi" });
        var again = await system.Api.PostAsJsonAsync($"/incidents/{id}/resolve", new { resolution = "again" });
        var empty = await system.Api.PostAsJsonAsync($"/incidents/{id}/resolve", new { resolution = " " });

        Assert.Equal(HttpStatusCode.OK, resolved.StatusCode);
        Assert.Equal("resolved", (await resolved.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);
    }

    private async Task<HashSet<string>> FindingKinds(string incidentId) =>
        (await system.GetJson($"/incidents/{incidentId}")).GetProperty("findings").EnumerateArray()
            .Select(f => f.GetProperty("kind").GetString()!).ToHashSet();
}
