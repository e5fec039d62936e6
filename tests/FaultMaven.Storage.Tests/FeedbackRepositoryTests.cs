using System.Text;
using Dapper;
using FaultMaven.Analysis.Incidents;
using FaultMaven.Storage.Encryption;
using FaultMaven.Testing.Postgres;
using Npgsql;

namespace FaultMaven.Storage.Tests;

public sealed class FeedbackRepositoryTests(PostgresFixture postgres) : IClassFixture<PostgresFixture>
{
    [Fact]
    public async Task Feedback_is_counted_per_root_cause_and_outcome_and_its_note_is_stored_sealed()
    {
        var incidentId = await OpenIncidentAsync(postgres.DataSource);
        var rootCause = Samples.UniqueName("cause");
        var repository = new FeedbackRepository(postgres.DataSource, TestKeys.Cipher);
        var noted = Entry(incidentId, rootCause, FeedbackOutcomes.DidNotWork, "password=hunter2 did not help");

        await repository.RecordAsync(noted);
        await repository.RecordAsync(Entry(incidentId, rootCause, FeedbackOutcomes.DidNotWork, ""));
        await repository.RecordAsync(Entry(incidentId, rootCause, FeedbackOutcomes.Worked, ""));

        var counts = (await repository.CountsAsync()).Where(count => count.RootCause == rootCause).ToList();
        Assert.Equal([new FeedbackCount(rootCause, FeedbackOutcomes.DidNotWork, 2), new FeedbackCount(rootCause, FeedbackOutcomes.Worked, 1)], counts);
        var stored = await postgres.DataSource.OpenConnection().QuerySingleAsync<byte[]>("SELECT note FROM feedback WHERE id = @Id", new { noted.Id });
        Assert.DoesNotContain("hunter2", Encoding.UTF8.GetString(stored), StringComparison.Ordinal);
        Assert.Equal(noted.Note, TestKeys.Cipher.OpenText(stored, SealedTable.Feedback.Context("note", noted.Id)));
    }

    [Fact]
    public async Task A_callers_vote_recorded_again_replaces_its_outcome_and_note_keeps_when_it_was_first_cast_and_counts_once()
    {
        var incidentId = await OpenIncidentAsync(postgres.DataSource);
        var rootCause = Samples.UniqueName("cause");
        var repository = new FeedbackRepository(postgres.DataSource, TestKeys.Cipher);
        var id = FeedbackRepository.VoteId("rae", incidentId, rootCause);

        var first = await repository.RecordAsync(new FeedbackEntry(id, incidentId, rootCause, FeedbackOutcomes.DidNotWork, "", Samples.Noon, "rae"));
        var again = await repository.RecordAsync(new FeedbackEntry(id, incidentId, rootCause, FeedbackOutcomes.Worked, "it was the WAL", Samples.Noon.AddHours(1), "rae"));

        Assert.Equal(new RecordedVote(Samples.Noon, Replaced: false), first);
        Assert.Equal(new RecordedVote(Samples.Noon, Replaced: true), again);
        Assert.Equal(id, FeedbackRepository.VoteId("rae", incidentId, rootCause));
        Assert.NotEqual(id, FeedbackRepository.VoteId("sam", incidentId, rootCause));
        Assert.Equal([new FeedbackCount(rootCause, FeedbackOutcomes.Worked, 1)], (await repository.CountsAsync()).Where(count => count.RootCause == rootCause));
        var stored = Assert.Single(await repository.ForIncidentAsync(incidentId), entry => entry.RootCause == rootCause);
        Assert.Equal(("it was the WAL", "rae", Samples.Noon), (stored.Note, stored.Caller, stored.CreatedAt));
    }

    [Fact]
    public async Task Key_rotation_reseals_feedback_notes_with_the_new_key()
    {
        await using var database = await FreshDatabase.CreateAsync(postgres);
        var incidentId = await OpenIncidentAsync(database.DataSource);
        var entries = new[] { Entry(incidentId, "crash-loop", FeedbackOutcomes.Partly, "restarted twice"), Entry(incidentId, "crash-loop", FeedbackOutcomes.Worked, "") };
        foreach (var entry in entries)
        {
            await new FeedbackRepository(database.DataSource, TestKeys.Cipher).RecordAsync(entry);
        }

        var rotation = new KeyRotation(database.DataSource, TestKeys.CipherOver("b"), new Audit.AuditLog(database.DataSource, TimeProvider.System));
        var findingOfTheIncident = 1;
        Assert.Equal(entries.Length + findingOfTheIncident, await rotation.CountPendingAsync());
        await rotation.ReencryptAsync("test", batchSize: 1, new Progress<long>());

        Assert.Equal(0, await rotation.CountPendingAsync());
        var onlyB = new FieldCipher(() => new KeyRing(new Dictionary<string, byte[]> { ["b"] = TestKeys.B }, "b"));
        await using var connection = await database.DataSource.OpenConnectionAsync();
        foreach (var entry in entries)
        {
            var note = await connection.QuerySingleAsync<byte[]>("SELECT note FROM feedback WHERE id = @Id", new { entry.Id });
            Assert.Equal(entry.Note, onlyB.OpenText(note, SealedTable.Feedback.Context("note", entry.Id)));
        }
    }

    private static FeedbackEntry Entry(string incidentId, string rootCause, string outcome, string note) =>
        new(Guid.CreateVersion7(), incidentId, rootCause, outcome, note, Samples.Noon);

    private static async Task<string> OpenIncidentAsync(NpgsqlDataSource dataSource)
    {
        var finding = Samples.Finding(Samples.UniqueName("feedback-finding"), Samples.UniqueName("feedback"), 5);
        await new FindingRepository(dataSource, TestKeys.Cipher).UpsertAsync([finding]);
        await new IncidentRepository(dataSource, new IncidentGrouping(IncidentGrouping.DefaultQuietPeriod, IncidentOpening.Default), TestKeys.Cipher).AttachAsync([finding]);
        return IncidentGrouping.NewIncidentId(finding.Id);
    }
}
