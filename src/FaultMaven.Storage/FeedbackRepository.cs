using FaultMaven.Storage.Encryption;
using Npgsql;

namespace FaultMaven.Storage;

/// <summary>How a suggested root cause fared: <c>worked</c>, <c>partly</c> or <c>did-not-work</c>.</summary>
public static class FeedbackOutcomes
{
    public const string Worked = "worked";
    public const string Partly = "partly";
    public const string DidNotWork = "did-not-work";

    public static IReadOnlyList<string> All { get; } = [Worked, Partly, DidNotWork];
}

/// <summary>One report about a suggested root cause of an incident; <see cref="Note"/> is empty when none was given.</summary>
public sealed record FeedbackEntry(Guid Id, string IncidentId, string RootCause, string Outcome, string Note, DateTimeOffset CreatedAt);

/// <summary>How often a root cause was reported with one outcome.</summary>
public sealed record FeedbackCount(string RootCause, string Outcome, long Count);

/// <summary>Stores feedback with its free-text note sealed; root cause and outcome stay in clear, since rankings aggregate them.</summary>
public sealed class FeedbackRepository(NpgsqlDataSource dataSource, FieldCipher cipher)
{
    public async Task AddAsync(FeedbackEntry entry, CancellationToken cancellationToken = default) =>
        await dataSource.ExecuteAsync(
            """
            INSERT INTO feedback (id, incident_id, root_cause, outcome, note, created_at)
            VALUES (@Id, @IncidentId, @RootCause, @Outcome, @note, @createdAt)
            """,
            new
            {
                entry.Id,
                entry.IncidentId,
                entry.RootCause,
                entry.Outcome,
                note = cipher.SealText(entry.Note, NoteContext(entry.Id)),
                createdAt = entry.CreatedAt.UtcDateTime,
            },
            cancellationToken);

    /// <summary>Every root cause's count of each outcome, over the incidents <paramref name="scope"/> allows (feedback follows its incident's source).</summary>
    public Task<IReadOnlyList<FeedbackCount>> CountsAsync(CancellationToken cancellationToken = default, SourceScope? scope = null)
    {
        var (where, parameters) = (scope ?? SourceScope.Everything).Where("TRUE", new { }, "i.source");
        return dataSource.QueryAsync<FeedbackCount>(
            $"""
            SELECT f.root_cause AS RootCause, f.outcome AS Outcome, count(*) AS Count
            FROM feedback f JOIN incidents i ON i.id = f.incident_id
            {where}
            GROUP BY f.root_cause, f.outcome ORDER BY f.root_cause, f.outcome
            """,
            parameters,
            cancellationToken);
    }

    /// <summary>What was reported on the incident's suggested root causes, newest first, notes opened.</summary>
    public async Task<IReadOnlyList<FeedbackEntry>> ForIncidentAsync(string incidentId, CancellationToken cancellationToken = default) =>
        (await dataSource.QueryAsync<FeedbackRow>(
            """
            SELECT id AS Id, incident_id AS IncidentId, root_cause AS RootCause, outcome AS Outcome, note AS Note, created_at AS CreatedAt
            FROM feedback WHERE incident_id = @incidentId ORDER BY created_at DESC, id DESC
            """,
            new { incidentId },
            cancellationToken))
        .Select(row => new FeedbackEntry(row.Id, row.IncidentId, row.RootCause, row.Outcome, cipher.OpenText(row.Note, NoteContext(row.Id)), Columns.Utc(row.CreatedAt)))
        .ToList();

    private static byte[] NoteContext(Guid id) => SealedTable.Feedback.Context("note", id);

    private sealed record FeedbackRow(Guid Id, string IncidentId, string RootCause, string Outcome, byte[] Note, DateTime CreatedAt);
}
