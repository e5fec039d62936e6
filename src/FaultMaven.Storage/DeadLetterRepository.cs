using FaultMaven.Contracts;
using FaultMaven.Storage.Encryption;
using Npgsql;

namespace FaultMaven.Storage;

/// <summary>A stored dead letter and its row id.</summary>
public sealed record StoredDeadLetter(long Id, DeadLetter DeadLetter);

/// <summary>Filters for <see cref="DeadLetterRepository.ListAsync"/>; the time range bounds <see cref="DeadLetter.FailedAt"/>.</summary>
public sealed record DeadLetterQuery : PagedQuery
{
    public string? Source { get; init; }

    public string? Step { get; init; }
}

/// <summary>Stores dead letters with their payload sealed.</summary>
public sealed class DeadLetterRepository(NpgsqlDataSource dataSource, FieldCipher cipher)
{
    private const string InsertSql = """
        INSERT INTO dead_letters (reason, step, source, payload, failed_at, raw_topic, raw_partition, raw_offset, raw_index)
        SELECT * FROM unnest(@reason, @step, @source, @payload, @failedAt, @rawTopic, @rawPartition, @rawOffset, @rawIndex)
        ON CONFLICT (raw_topic, raw_partition, raw_offset, raw_index, step) DO NOTHING
        """;

    private const string SelectSql = """
        SELECT id AS Id, reason AS Reason, step AS Step, source AS Source, payload AS Payload, failed_at AS FailedAt,
               raw_topic AS RawTopic, raw_partition AS RawPartition, raw_offset AS RawOffset, raw_index AS RawIndex
        FROM dead_letters
        """;

    /// <summary>Inserts the dead letters not stored yet for their raw position and step.</summary>
    /// <returns>How many rows were inserted.</returns>
    public async Task<int> InsertAsync(IReadOnlyList<DeadLetter> deadLetters, CancellationToken cancellationToken = default)
    {
        if (deadLetters.Count == 0)
        {
            return 0;
        }

        var columns = new
        {
            reason = deadLetters.Select(d => d.Reason).ToArray(),
            step = deadLetters.Select(d => d.Step).ToArray(),
            source = deadLetters.Select(d => d.Source).ToArray(),
            payload = deadLetters.Select(d => cipher.Seal(d.Payload, PayloadContext(d.Raw, d.Step))).ToArray(),
            failedAt = deadLetters.Select(d => d.FailedAt.ToUniversalTime()).ToArray(),
        };
        return await dataSource.ExecuteAsync(InsertSql, Columns.WithRawOffsetArrays(columns, deadLetters.Select(d => d.Raw)), cancellationToken);
    }

    /// <summary>Dead letters matching the query, newest first.</summary>
    public Task<Page<StoredDeadLetter>> ListAsync(DeadLetterQuery query, CancellationToken cancellationToken = default) =>
        new KeysetQuery<long>("failed_at", "id")
            .WhereEqual("source", query.Source)
            .WhereEqual("step", query.Step)
            .ReadPageAsync(
                dataSource, SelectSql, query, (DeadLetterRow row) => row.ToStoredDeadLetter(cipher),
                stored => (stored.DeadLetter.FailedAt, stored.Id), cancellationToken);

    private static byte[] PayloadContext(RawOffset raw, string step) =>
        SealedTable.DeadLetters.Context("payload", SealedTable.RawIdentity(raw, step));

    private sealed record DeadLetterRow(
        long Id, string Reason, string Step, string? Source, byte[] Payload, DateTime FailedAt,
        string RawTopic, int RawPartition, long RawOffset, int RawIndex)
    {
        public StoredDeadLetter ToStoredDeadLetter(FieldCipher cipher)
        {
            var raw = new RawOffset(RawTopic, RawPartition, RawOffset, RawIndex);
            return new StoredDeadLetter(
                Id, new DeadLetter(Reason, Step, Source, raw, cipher.Open(Payload, PayloadContext(raw, Step)), Columns.Utc(FailedAt)));
        }
    }
}
