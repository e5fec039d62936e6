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

namespace FaultMaven.Api.Tests;

/// <summary>What people write when they resolve an incident is bounded, masked, and stored sealed.</summary>
[Collection(InProcessApiCollection.Name)]
public sealed class IncidentResolutionTests : IssuedApiTest
{
    private const string GitHubToken = "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";
    private readonly List<string> incidentIds = [];

    protected override async Task SeedAsync()
    {
        var now = DateTimeOffset.UtcNow;
        var findings = Api.Services.GetRequiredService<FindingRepository>();
        var incidents = Api.Services.GetRequiredService<IncidentRepository>();
        foreach (var source in new[] { "resolution-long", "resolution-secret" })
        {
            var finding = new Finding(
                $"fnd-{source}", "error-burst", Severity.Error, source, "checkout", now.AddMinutes(-1), now, "payment errors", 3, null, 1, null,
                ["payment <*>"], ["payment declined"], [new RawOffset("logs.raw", 0, 1)]);
            await findings.UpsertAsync([finding]);
            await incidents.AttachAsync([finding]);
            incidentIds.Add((await findings.GetAsync(finding.Id))?.IncidentId ?? throw new InvalidOperationException("the finding opened no incident"));
        }
    }

    [Fact]
    public async Task A_resolution_over_the_limit_gets_a_400_problem_and_leaves_the_incident_open()
    {
        using var http = Client();

        var response = await http.PostAsJsonAsync($"/incidents/{incidentIds[0]}/resolve", new { resolution = new string('x', IncidentEndpoints.MaxResolutionLength + 1) });

        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, body);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains($"at most {IncidentEndpoints.MaxResolutionLength} characters", body, StringComparison.Ordinal);
        Assert.Equal("open", (await Incident(http, incidentIds[0])).GetProperty("incident").GetProperty("status").GetString());
    }

    [Fact]
    public async Task A_resolution_is_masked_before_it_is_stored_and_sealed_in_the_database()
    {
        using var http = Client();
        var resolution = $"rotated {GitHubToken} and set password=hunter2-{Guid.NewGuid():N}\n-----BEGIN PRIVATE KEY-----\nMIIEvQ\n-----END PRIVATE KEY-----";

        var response = await http.PostAsJsonAsync($"/incidents/{incidentIds[1]}/resolve", new { resolution });

        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        var stored = (await Incident(http, incidentIds[1])).GetProperty("incident").GetProperty("resolution").GetString();
        Assert.Equal("rotated <masked:github-token> and set password=<masked:secret>\n<masked:private-key>\n<masked:private-key>\n<masked:private-key>", stored);
        await using var command = Api.Services.GetRequiredService<NpgsqlDataSource>().CreateCommand("SELECT resolution FROM incidents WHERE id = $1");
        command.Parameters.Add(new NpgsqlParameter { Value = incidentIds[1] });
        var raw = (byte[])(await command.ExecuteScalarAsync())!;
        Assert.DoesNotContain("rotated", Encoding.UTF8.GetString(raw), StringComparison.Ordinal);
    }

    private HttpClient Client()
    {
        var http = new HttpClient { BaseAddress = Api.BaseAddress };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Issuer.Token("rita", [Roles.Responder]));
        return http;
    }

    private static async Task<JsonElement> Incident(HttpClient http, string id) =>
        await http.GetFromJsonAsync<JsonElement>($"/incidents/{id}");
}
