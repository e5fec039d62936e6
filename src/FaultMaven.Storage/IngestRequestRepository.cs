using Npgsql;

namespace FaultMaven.Storage;

/// <summary>What <see cref="IngestRequestRepository.ClaimAsync"/> found for a caller's idempotency key.</summary>
public abstract record IngestClaim
{
    /// <summary>
    /// The key is new, or its earlier request was abandoned or interrupted: this request does the work. An interrupted
    /// request left <paramref name="Progress"/> (JSON, as given to <see cref="IngestRequestRepository.InterruptAsync"/>).
    /// </summary>
    public sealed record Claimed(string? Progress = null) : IngestClaim;

    /// <summary>Another request with the key is still being processed.</summary>
    public sealed record InProgress : IngestClaim;

    /// <summary>
    /// A request with the key completed: answer with its status and JSON body when the new request asks for the same,
    /// which <paramref name="RequestDigest"/> identifies (as given to <see cref="IngestRequestRepository.CompleteAsync"/>;
    /// null for a row completed before digests were kept).
    /// </summary>
    public sealed record Completed(int Status, string Response, string? RequestDigest = null) : IngestClaim;
}

/// <summary>
/// Idempotency keys of HTTP ingestion requests (table <c>ingest_requests</c>), per caller, kept for a day. A key is
/// claimed before producing, completed with the answer after, and released when the request failed, so a retry after
/// a timeout gets the first answer and produces nothing, and a retry after a failure does the work. A request the broker
/// stopped acknowledging part way is interrupted instead, keeping what it stored, so its retry can send only the rest.
/// </summary>
public sealed class IngestRequestRepository(NpgsqlDataSource dataSource)
{
    public static readonly TimeSpan Retention = TimeSpan.FromDays(1);

    /// <param name="abandonAfter">A claim older than this that never completed (its process died) may be taken over.</param>
    public async Task<IngestClaim> ClaimAsync(string caller, string key, DateTimeOffset now, TimeSpan abandonAfter, CancellationToken cancellationToken = default)
    {
        // An interrupted claim's progress stays readable for the retry that takes it over; the first claim has none.
        var claimed = await dataSource.QueryAsync<(bool Claimed, string? Progress)>(
            """
            DELETE FROM ingest_requests WHERE started_at < @expired;
            INSERT INTO ingest_requests (caller, key, started_at) VALUES (@caller, @key, @now)
            ON CONFLICT (caller, key) DO UPDATE SET started_at = EXCLUDED.started_at, interrupted_at = NULL
                WHERE ingest_requests.completed_at IS NULL
                  AND (ingest_requests.started_at < @abandoned OR ingest_requests.interrupted_at IS NOT NULL)
            RETURNING true, progress::text
            """,
            new { caller, key, now = now.UtcDateTime, expired = (now - Retention).UtcDateTime, abandoned = (now - abandonAfter).UtcDateTime },
            cancellationToken);
        if (claimed.Count > 0)
        {
            return new IngestClaim.Claimed(claimed[0].Progress);
        }

        var rows = await dataSource.QueryAsync<(int? Status, string? Response, string? RequestDigest)>(
            "SELECT status, response, request_digest FROM ingest_requests WHERE caller = @caller AND key = @key", new { caller, key }, cancellationToken);
        return rows is [{ Status: { } status, Response: { } response } row] ? new IngestClaim.Completed(status, response, row.RequestDigest) : new IngestClaim.InProgress();
    }

    /// <summary>Keeps the answer of the key's request (<paramref name="response"/>, JSON) and what it asked for (<paramref name="requestDigest"/>, compared by the caller).</summary>
    public async Task CompleteAsync(string caller, string key, int status, string response, string requestDigest, DateTimeOffset now, CancellationToken cancellationToken = default) =>
        await dataSource.ExecuteAsync(
            "UPDATE ingest_requests SET completed_at = @now, status = @status, response = @response, request_digest = @requestDigest WHERE caller = @caller AND key = @key",
            new { caller, key, status, response, requestDigest, now = now.UtcDateTime },
            cancellationToken);

    /// <summary>
    /// Gives up a claim whose request stopped part way, keeping <paramref name="progress"/> (JSON) for the retry that
    /// claims the key next, at once.
    /// </summary>
    public async Task InterruptAsync(string caller, string key, string progress, DateTimeOffset now, CancellationToken cancellationToken = default) =>
        await dataSource.ExecuteAsync(
            "UPDATE ingest_requests SET interrupted_at = @now, progress = @progress::jsonb WHERE caller = @caller AND key = @key AND completed_at IS NULL",
            new { caller, key, progress, now = now.UtcDateTime },
            cancellationToken);

    /// <summary>Forgets a claim whose request failed, so that a retry does the work.</summary>
    public async Task ReleaseAsync(string caller, string key, CancellationToken cancellationToken = default) =>
        await dataSource.ExecuteAsync(
            "DELETE FROM ingest_requests WHERE caller = @caller AND key = @key AND completed_at IS NULL", new { caller, key }, cancellationToken);
}
