using System.Net.Http.Headers;
using System.Text;
using FaultMaven.Agents.Knowledge;
using FaultMaven.Contracts;
using FaultMaven.Identity;
using FaultMaven.Storage;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace FaultMaven.Api.Tests;

/// <summary>
/// The authorization matrix's team dimension: with team scoping on, every protected endpoint the API maps (read from its
/// EndpointDataSource, so a new endpoint fails here until it has a probe) is called about team alpha's data by a responder
/// of alpha, a responder of beta and an admin. Alpha's data is stored through the repositories: a log line and its
/// template, a finding, the incident it opened. Probes run in table order, each by other team, own team, then admin;
/// alpha's data shows in an answer as the incident or finding id or the "alphamarker payment" text of its lines.
/// </summary>
[Collection(InProcessApiCollection.Name)]
public sealed class TeamMatrixTests(ITestOutputHelper output) : IssuedApiTest
{
    private const string OwnTeam = "alpha";
    private const string OwnSource = "alpha-src";
    private const string Marker = "alphamarker";
    private const string FindingId = "fnd-alpha-matrix";

    private string incidentId = "";
    private string rootCause = "";

    /// <summary>What a caller should get: a status, or a successful answer that shows or hides alpha's data.</summary>
    private sealed record Expect(int? Status, bool? ShowsAlpha)
    {
        public static Expect Code(int status) => new(status, null);

        public static readonly Expect Shows = new(null, true);
        public static readonly Expect Hides = new(null, false);

        public override string ToString() => Status?.ToString() ?? (ShowsAlpha == true ? "2xx showing alpha's data" : "2xx without alpha's data");
    }

    /// <summary>One request about alpha's data; <paramref name="Route"/> is the endpoint's method and route pattern.</summary>
    private sealed record Probe(string Route, string Path, string? Json, string? Text, Expect Other, Expect Own, Expect Admin);

    protected override void Configure(Dictionary<string, string> settings)
    {
        settings["FaultMaven:Auth:TeamScoping"] = "true";
        settings[$"FaultMaven:Auth:SourceTeams:{OwnSource}"] = OwnTeam;
        settings["FaultMaven:Auth:SourceTeams:beta-src"] = "beta";
    }

    protected override async Task SeedAsync()
    {
        var now = DateTimeOffset.UtcNow;
        var raw = new RawOffset("logs.raw", 0, 1);
        await StoreLogsAsWorkerAsync(
            [new LogEvent(now, OwnSource, "checkout", "web-1", Severity.Error, $"{Marker} payment declined", new Dictionary<string, string>(), raw, 1, $"{Marker} payment <*>")]);
        var finding = new Finding(
            FindingId, "error-burst", Severity.Error, OwnSource, "checkout", now.AddMinutes(-1), now, $"{Marker} payment errors", 3, null, 1, null,
            [$"{Marker} payment <*>"], ["payment declined"], [raw]);
        var findings = Api.Services.GetRequiredService<FindingRepository>();
        await findings.UpsertAsync([finding]);
        await Api.Services.GetRequiredService<IncidentRepository>().AttachAsync([finding]);
        incidentId = (await findings.GetAsync(FindingId))?.IncidentId ?? throw new InvalidOperationException("the finding opened no incident");
        rootCause = Api.Services.GetRequiredService<KnowledgeBase>().RootCauses[0].Id;
    }

    [Fact]
    public async Task Every_endpoint_shows_and_changes_a_teams_data_for_that_team_and_admins_only()
    {
        var ok = Expect.Code(StatusCodes.Status200OK);
        var notFound = Expect.Code(StatusCodes.Status404NotFound);
        var forbidden = Expect.Code(StatusCodes.Status403Forbidden);
        var created = Expect.Code(StatusCodes.Status201Created);
        var accepted = Expect.Code(StatusCodes.Status202Accepted);
        var unconfigured = Expect.Code(StatusCodes.Status503ServiceUnavailable);
        var feedback = $$"""{"incidentId":"{{incidentId}}","rootCause":"{{rootCause}}","outcome":"worked"}""";
        Probe[] probes =
        [
            new("GET /findings/", "/findings", null, null, Expect.Hides, Expect.Shows, Expect.Shows),
            new("GET /findings/{id}", $"/findings/{FindingId}", null, null, notFound, Expect.Shows, Expect.Shows),
            new("GET /logs", "/logs", null, null, Expect.Hides, Expect.Shows, Expect.Shows),
            new("GET /logs", $"/logs?source={OwnSource}", null, null, Expect.Hides, Expect.Shows, Expect.Shows),
            new("GET /templates", "/templates", null, null, Expect.Hides, Expect.Shows, Expect.Shows),
            new("GET /incidents/", "/incidents", null, null, Expect.Hides, Expect.Shows, Expect.Shows),
            new("GET /incidents/{id}", $"/incidents/{incidentId}", null, null, notFound, Expect.Shows, Expect.Shows),
            new("GET /suggestions", $"/suggestions?incidentId={incidentId}", null, null, notFound, ok, ok),
            new("GET /context/retrieve", $"/context/retrieve?incidentId={incidentId}", null, null, notFound, ok, ok),
            new("GET /context/retrieve", $"/context/retrieve?q=payment+errors+{Marker}&limit=50", null, null, Expect.Hides, Expect.Shows, Expect.Shows),
            new("POST /query", "/query", $$"""{"incidentId":"{{incidentId}}"}""", null, notFound, ok, ok),
            new("POST /query", "/query", $$"""{"question":"payment errors {{Marker}}, seen before?"}""", null, Expect.Hides, Expect.Shows, Expect.Shows),
            new("POST /feedback", "/feedback", feedback, null, notFound, created, created),
            new("POST /logs/analyze", $"/logs/analyze?source={OwnSource}&storeAsIncident=true", null, "ERROR payment declined\n", forbidden, ok, ok),
            new("POST /logs/ingest", $"/logs/ingest?source={OwnSource}", null, "payment declined\n", forbidden, accepted, accepted),
            new("POST /ingest/alertmanager", "/ingest/alertmanager", $$"""{"version":"4","alerts":[{"status":"firing","labels":{"alertname":"PaymentErrors","service":"{{OwnSource}}"},"startsAt":"{{DateTimeOffset.UtcNow:o}}"}]}""", null, forbidden, ok, ok),
            new("GET /incidents/{id}/alerts", $"/incidents/{incidentId}/alerts", null, null, notFound, Expect.Shows, Expect.Shows),
            new("GET /integrations/prometheus/anomalies", $"/integrations/prometheus/anomalies?source={OwnSource}", null, null, forbidden, unconfigured, unconfigured),
            new("POST /integrations/{store}/pull", $"/integrations/splunk/pull?source={OwnSource}", null, null, forbidden, unconfigured, unconfigured),
            new("POST /incidents/{id}/resolve", $"/incidents/{incidentId}/resolve", """{"resolution":"restarted the gateway"}""", null, notFound, ok, Expect.Code(StatusCodes.Status409Conflict)),
            new("GET /audit", "/audit", null, null, forbidden, forbidden, ok),
            new("GET /openapi/{documentName}.json", "/openapi/v1.json", null, null, ok, ok, ok),
        ];
        var callers = new (string Name, string Token, Func<Probe, Expect> Expected)[]
        {
            ("other team", Issuer.Token("bea", [Roles.Responder], team: "beta"), p => p.Other),
            ("own team", Issuer.Token("al", [Roles.Responder], team: OwnTeam), p => p.Own),
            ("admin", Issuer.Token("ann", [Roles.Admin]), p => p.Admin),
        };

        var failures = ProtectedRoutes().Where(route => probes.All(p => p.Route != route)).Select(route => $"{route}: no team probe").ToList();
        using var http = new HttpClient { BaseAddress = Api.BaseAddress, Timeout = TimeSpan.FromMinutes(2) };
        foreach (var probe in probes)
        {
            foreach (var (name, token, expected) in callers)
            {
                var expect = expected(probe);
                using var request = new HttpRequestMessage(new HttpMethod(probe.Route[..probe.Route.IndexOf(' ')]), probe.Path);
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
                request.Content = probe.Json is not null ? new StringContent(probe.Json, Encoding.UTF8, "application/json")
                    : probe.Text is not null ? new StringContent(probe.Text, Encoding.UTF8, "text/plain")
                    : null;
                using var response = await http.SendAsync(request);
                var body = await response.Content.ReadAsStringAsync();
                var status = (int)response.StatusCode;
                var shows = new[] { $"{Marker} payment", incidentId, FindingId }.Any(data => body.Contains(data, StringComparison.Ordinal));
                var pass = expect.Status is { } code ? status == code : status is >= 200 and < 300 && shows == expect.ShowsAlpha;
                output.WriteLine($"{(pass ? "ok  " : "FAIL")} {probe.Route,-32} {probe.Path,-64} {name,-10} {status} (expected {expect})");
                if (!pass)
                {
                    failures.Add($"{probe.Route} {probe.Path} as {name}: {status}, expected {expect}; body {body[..Math.Min(body.Length, 300)]}");
                }
            }
        }

        output.WriteLine($"team matrix: {probes.Select(p => p.Route).Distinct().Count()} endpoints, {probes.Length} probes x {callers.Length} callers = {probes.Length * callers.Length} requests");
        Assert.Empty(failures);
    }

    /// <summary>"METHOD pattern" of every endpoint that requires a role policy.</summary>
    private IEnumerable<string> ProtectedRoutes() =>
        from endpoint in Api.Endpoints
        where endpoint.Metadata.GetMetadata<IAllowAnonymous>() is null && endpoint.Metadata.GetOrderedMetadata<IAuthorizeData>().Any()
        from method in endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? [HttpMethods.Get]
        select $"{method} {endpoint.RoutePattern.RawText}";
}
