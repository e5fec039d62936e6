using FaultMaven.Retrieval.VectorStores;
using FaultMaven.Storage;
using FaultMaven.Testing.Postgres;
using Xunit.Abstractions;

namespace FaultMaven.Retrieval.Tests;

[Collection(MiniLmCollection.Name)]
public sealed class RetrievalQualityTests(MiniLmFixture miniLm, PostgresFixture postgres, ITestOutputHelper output)
    : IClassFixture<PostgresFixture>, IDisposable
{
    // Measured: 32 of 34 (94%) with all-MiniLM-L6-v2; the assertion leaves a little room below it.
    private const double MinimumTopThreeHitRate = 0.90;

    private readonly TemporaryDirectory directory = new();

    [Fact]
    public async Task Paraphrased_and_cross_stack_questions_find_the_right_past_incident_in_the_top_three()
    {
        using var store = new UsearchIncidentVectorStore(directory.File("incidents.usearch"), miniLm.Model);
        var retrieval = await IndexHistoryAsync(store);

        var misses = new List<string>();
        foreach (var (question, expected) in IncidentHistory.Questions)
        {
            var found = await retrieval.FindSimilarAsync(question, top: 3);
            if (!found.Any(incident => incident.IncidentId == expected))
            {
                misses.Add($"'{question}' expected {expected}, got {string.Join(", ", found.Select(f => $"{f.IncidentId} {f.Similarity:F2}"))}");
            }
        }

        var hitRate = 1 - (double)misses.Count / IncidentHistory.Questions.Count;
        output.WriteLine($"top-3 hit rate {hitRate:P1} ({IncidentHistory.Questions.Count - misses.Count} of {IncidentHistory.Questions.Count})");
        misses.ForEach(output.WriteLine);
        Assert.True(hitRate >= MinimumTopThreeHitRate, $"top-3 hit rate {hitRate:P1} < {MinimumTopThreeHitRate:P0}:\n{string.Join('\n', misses)}");
    }

    [Fact]
    public async Task Similar_incidents_come_with_their_resolution_and_respect_the_metadata_filter()
    {
        using var store = new UsearchIncidentVectorStore(directory.File("filtered.usearch"), miniLm.Model);
        var retrieval = await IndexHistoryAsync(store);

        var open = new IncidentDocument(
            "new-oom", "checkout pods OOMKilled again", "Checkout restarts with exit code 137 after the holiday traffic increase.",
            ["Container <*> in pod <*> terminated with reason OOMKilled exit code 137"], null, "checkout", "payments", IncidentStatus.Open);
        await retrieval.IndexOpenedAsync(open);

        var similar = await retrieval.FindSimilarToIncidentAsync("new-oom", top: 3, new IncidentFilter { Status = IncidentStatus.Resolved });
        Assert.Equal("k8s-oom", similar[0].IncidentId);
        Assert.Contains("memory limit", similar[0].Resolution, StringComparison.Ordinal);
        Assert.All(similar, incident => Assert.NotEqual("new-oom", incident.IncidentId));

        var platformOnly = await retrieval.FindSimilarAsync("pods restarting, out of memory", top: 3, new IncidentFilter { Team = "platform" });
        Assert.Equal(3, platformOnly.Count);
        Assert.All(platformOnly, incident => Assert.Equal("platform", incident.Metadata.Team));
    }

    public void Dispose() => directory.Dispose();

    private Task<IncidentRetrieval> IndexHistoryAsync(IIncidentVectorStore store) => IncidentHistory.IndexedAsync(miniLm, store, postgres);
}
