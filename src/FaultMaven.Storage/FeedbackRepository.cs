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
/// <param name="Caller">Who voted (a token's subject); null for feedback stored before votes were per caller.</param>
public sealed record FeedbackEntry(Guid Id, string IncidentId, string RootCause, string Outcome, string Note, DateTimeOffset CreatedAt, string? Caller = null);

/// <summary>What <see cref="FeedbackRepository.RecordAsync"/> did: when the vote was first cast, and whether this call cast it or replaced it.</summary>
public sealed record RecordedVote(DateTimeOffset CreatedAt, bool Replaced);

/// <summary>How often a root cause was reported with one outcome.</summary>
public sealed record FeedbackCount(string RootCause, string Outcome, long Count);

/// <summary>
/// Stores feedback with its free-text note sealed; root cause and outcome stay in clear, since rankings aggregate them.
/// A vote is keyed by <see cref="VoteId"/>, so a caller has one vote per incident and root cause (decision 30).
/// </summary>
public sealed class FeedbackRepository(NpgsqlDataSource dataSource, FieldCipher cipher)
{
    /// <summary>
    /// The id of <paramref name="caller"/>'s vote on <paramref name="rootCause"/> for <paramref name="incidentId"/>: a
    /// UUID (version 8) of their SHA-256, the same for every repeat, so the row's primary key is the one-vote rule and
    /// the note stays sealed under the id it is stored with.
    /// </summary>
    public static Guid VoteId(string caller, string incidentId, string rootCause)
    {
        var bytes = System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes($"{caller}\n{incidentId}\n{rootCause}"))[..16];
        bytes[6] = (byte)((bytes[6] & 0x0F) | 0x80);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes, bigEndian: true);
    }

    /// <summary>
    /// Stores <paramref name="entry"/>, or, when a row has its id (the caller voted on this incident's root cause
    /// before), replaces that row's outcome and note and keeps when it was first cast. Concurrent repeats end as one row.
    /// </summary>
    public async Task<RecordedVote> RecordAsync(FeedbackEntry entry, CancellationToken cancellationToken = default)
    {
        var (createdAt, replaced) = (await dataSource.QueryAsync<(DateTime CreatedAt, bool Replaced)>(
            """
            INSERT INTO feedback (id, incident_id, root_cause, outcome, note, created_at, updated_at, caller)
            VALUES (@Id, @IncidentId, @RootCause, @Outcome, @note, @at, @at, @Caller)
            ON CONFLICT (id) DO UPDATE SET outcome = EXCLUDED.outcome, note = EXCLUDED.note, updated_at = EXCLUDED.updated_at
            RETURNING created_at AS CreatedAt, xmax <> 0 AS Replaced
            """,
            new
            {
                entry.Id,
                entry.IncidentId,
                entry.RootCause,
                entry.Outcome,
                entry.Caller,
                note = cipher.SealText(entry.Note, NoteContext(entry.Id)),
                at = entry.CreatedAt.UtcDateTime,
            },
            cancellationToken)).Single();
        return new RecordedVote(Columns.Utc(createdAt), replaced);
    }

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
            SELECT id AS Id, incident_id AS IncidentId, root_cause AS RootCause, outcome AS Outcome, note AS Note, created_at AS CreatedAt, caller AS Caller
            FROM feedback WHERE incident_id = @incidentId ORDER BY created_at DESC, id DESC
            """,
            new { incidentId },
            cancellationToken))
        .Select(row => new FeedbackEntry(row.Id, row.IncidentId, row.RootCause, row.Outcome, cipher.OpenText(row.Note, NoteContext(row.Id)), Columns.Utc(row.CreatedAt), row.Caller))
        .ToList();

    private static byte[] NoteContext(Guid id) => SealedTable.Feedback.Context("note", id);

    private sealed record FeedbackRow(Guid Id, string IncidentId, string RootCause, string Outcome, byte[] Note, DateTime CreatedAt, string? Caller);
}
