using System.Net.Http.Json;
using System.Text.Json;
using FaultMaven.Analysis.Anomaly.Streaming;
using FaultMaven.Analysis.Incidents;
using FaultMaven.Testing.Processes;

namespace FaultMaven.EndToEnd.Tests;

/// <summary>
/// What a new user sees after pushing or pasting a Loghub sample: incidents for what needs a person, findings for the
/// rest (issue 12 §5: two pushed 2k-line samples opened 14 incidents, most of them volume changes of informational lines).
/// </summary>
public sealed class SampleIncidentTests(RunningSystem system) : IClassFixture<RunningSystem>
{
    [Fact]
    public async Task The_openssh_sample_opens_an_incident_for_its_brute_force_and_its_volume_changes_are_info_findings_that_open_none()
    {
        const string source = "openssh-sample";
        system.Produce(source, File.ReadLines(Sample("OpenSSH")));

        await system.Eventually("the brute force filed in an incident", async () =>
            (await Findings(source, AuthFailureBurstDetector.Kind)).Any(finding => finding.IncidentId is not null));
        await system.WaitUntilCaughtUp();

        var bruteForce = await Findings(source, AuthFailureBurstDetector.Kind);
        var rates = await Findings(source, RateChangeDetector.Kind);
        var volume = rates.Where(finding => finding.Title.StartsWith("Log volume", StringComparison.Ordinal)).ToList();
        var opened = (await system.GetJson($"/incidents?source={source}&limit=100")).GetProperty("items").EnumerateArray()
            .Select(incident => incident.GetProperty("id").GetString()).ToHashSet();
        var openers = (await Findings(source, kind: null)).Where(finding => opened.Contains(IncidentGrouping.NewIncidentId(finding.Id))).ToList();

        Assert.All(bruteForce, finding => Assert.NotNull(finding.IncidentId));
        Assert.Contains(openers, finding => finding.Kind == AuthFailureBurstDetector.Kind);
        Assert.NotEmpty(volume);
        Assert.All(volume, finding => Assert.Equal("info", finding.Severity));
        Assert.All(openers, finding => Assert.NotEqual("info", finding.Severity));
    }

    [Fact]
    public async Task A_pasted_sample_stored_as_an_incident_puts_every_finding_in_an_incident_though_they_are_informational()
    {
        const string source = "healthapp-pasted";
        using var response = await system.Api.PostAsJsonAsync("/logs/analyze", new { logs = await File.ReadAllTextAsync(Sample("HealthApp")), source, storeAsIncident = true });
        var answer = await response.Content.ReadFromJsonAsync<JsonElement>();
        var stored = await Findings(source, kind: null);

        Assert.True(response.IsSuccessStatusCode, answer.ToString());
        var incident = Assert.Single(answer.GetProperty("incidentIds").EnumerateArray()).GetString();
        Assert.NotEmpty(stored);
        Assert.Contains(stored, finding => finding.Severity == "info");
        Assert.All(stored, finding => Assert.Equal(incident, finding.IncidentId));
    }

    private static string Sample(string name) => Path.Combine(RepositoryPaths.Root, "tests", "data", "loghub-2k", name, $"{name}_2k.log");

    /// <summary>The stored findings of <paramref name="source"/>, of <paramref name="kind"/> when given, as <c>GET /findings</c> lists them.</summary>
    private async Task<List<ListedFinding>> Findings(string source, string? kind)
    {
        var items = (await system.GetJson($"/findings?source={source}&limit=500{(kind is null ? "" : $"&kind={kind}")}")).GetProperty("items");
        return [.. items.EnumerateArray().Select(ListedFinding.From)];
    }

    private sealed record ListedFinding(string Id, string Kind, string Severity, string Title, string? IncidentId)
    {
        public static ListedFinding From(JsonElement item) => new(
            item.GetProperty("id").GetString()!,
            item.GetProperty("kind").GetString()!,
            item.GetProperty("severity").GetString()!,
            item.GetProperty("title").GetString()!,
            item.GetProperty("incidentId").GetString());
    }
}
