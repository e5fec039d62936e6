using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using FaultMaven.Contracts;
using FaultMaven.Identity;
using FaultMaven.Storage;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace FaultMaven.Api.Tests;

/// <summary>
/// Feedback is one vote per caller per incident and root cause: the same "did not work" sent 30 times by one client
/// moved the ranking for everyone (30 × 201, success rate 0.03). A repeat is answered 200 with the vote as it stands,
/// a changed outcome replaces it, and another caller's vote counts beside it.
/// </summary>
[Collection(InProcessApiCollection.Name)]
public sealed class FeedbackVoteTests(FeedbackVoteTests.SharedApi shared, ITestOutputHelper output) : IClassFixture<FeedbackVoteTests.SharedApi>
{
    private const string RootCause = "disk-full";

    /// <summary>One incident to vote on.</summary>
    public sealed class SharedApi : SharedIssuedApi
    {
        public string IncidentId { get; private set; } = "";

        protected override async Task SeedAsync()
        {
            var now = DateTimeOffset.UtcNow;
            var finding = new Finding(
                "fnd-votes", "error-burst", Severity.Error, "votes", "db", now.AddMinutes(-1), now, "could not write: No space left on device", 6, null, 1, null,
                ["could not write <*>: No space left on device"], ["could not write pg_wal/x: No space left on device"], [new RawOffset("logs.raw", 0, 1)]);
            IncidentId = (await Api.Services.GetRequiredService<FindingFiler>().FileAsync([finding]))[finding.Id];
        }
    }

    [Fact]
    public async Task The_same_vote_sent_30_times_by_one_caller_counts_once_a_changed_outcome_replaces_it_and_another_callers_vote_counts_beside_it()
    {
        using var rae = Client("rae");
        using var sam = Client("sam");

        var answers = new List<(HttpStatusCode Status, JsonElement Vote)>();
        for (var i = 0; i < 30; i++)
        {
            answers.Add(await VoteAsync(rae, FeedbackOutcomes.DidNotWork));
        }

        var changed = await VoteAsync(rae, FeedbackOutcomes.Worked, "freed 20 GB of WAL");
        var other = await VoteAsync(sam, FeedbackOutcomes.DidNotWork);

        output.WriteLine(string.Join('\n', answers.Take(2).Append(changed).Append(other).Select(a => $"{(int)a.Status} {a.Vote}")));
        Assert.Equal([HttpStatusCode.Created, .. Enumerable.Repeat(HttpStatusCode.OK, 29)], answers.Select(a => a.Status));
        Assert.Single(answers.Select(a => a.Vote.GetProperty("id").GetGuid()).Distinct());
        Assert.Single(answers.Select(a => a.Vote.GetProperty("successRate").GetDouble()).Distinct());
        Assert.Single(answers.Select(a => a.Vote.GetProperty("createdAt").GetDateTimeOffset()).Distinct());
        Assert.Equal((HttpStatusCode.OK, answers[0].Vote.GetProperty("id").GetGuid(), "worked"), (changed.Status, changed.Vote.GetProperty("id").GetGuid(), changed.Vote.GetProperty("outcome").GetString()));
        Assert.Equal(HttpStatusCode.Created, other.Status);
        Assert.NotEqual(answers[0].Vote.GetProperty("id").GetGuid(), other.Vote.GetProperty("id").GetGuid());
        Assert.Equal(
            [("rae", FeedbackOutcomes.Worked, "freed 20 GB of WAL"), ("sam", FeedbackOutcomes.DidNotWork, "")],
            (await shared.Host.Services.GetRequiredService<FeedbackRepository>().ForIncidentAsync(shared.IncidentId))
                .Select(vote => (vote.Caller, vote.Outcome, vote.Note)).OrderBy(vote => vote.Caller, StringComparer.Ordinal));
        // One success and one failure: the rate the root cause's prior gives with one of each, whatever came before.
        var afterFirst = answers[0].Vote.GetProperty("successRate").GetDouble();
        Assert.True(other.Vote.GetProperty("successRate").GetDouble() > afterFirst, $"{other.Vote} after {afterFirst}");
    }

    private async Task<(HttpStatusCode Status, JsonElement Vote)> VoteAsync(HttpClient http, string outcome, string? note = null)
    {
        using var response = await http.PostAsJsonAsync("/feedback", new { incidentId = shared.IncidentId, rootCause = RootCause, outcome, note });
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, body);
        return (response.StatusCode, JsonDocument.Parse(body).RootElement);
    }

    private HttpClient Client(string subject)
    {
        var http = new HttpClient { BaseAddress = shared.Host.BaseAddress };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", shared.TokenIssuer.Token(subject, [Roles.Responder]));
        return http;
    }
}
