using System.Data;
using Dapper;
using Npgsql;

namespace FaultMaven.Storage.Audit;

/// <summary>The tamper-evident audit log: appends extend a SHA-256 hash chain, and <see cref="VerifyAsync"/> walks it.</summary>
public sealed class AuditLog(NpgsqlDataSource dataSource, TimeProvider clock)
{
    private const string SelectSql = """
        SELECT id AS Id, at AS At, actor AS Actor, action AS Action, target AS Target, source_address AS SourceAddress,
               outcome AS Outcome, details::text AS Details, prev_hash AS PrevHash, hash AS Hash
        FROM audit_log
        """;

    /// <summary>Appends an entry at the end of the chain; concurrent appends wait for each other on the chain head.</summary>
    public async Task<AuditRecord> AppendAsync(AuditEntry entry, CancellationToken cancellationToken = default) =>
        (await AppendAllAsync([entry], cancellationToken))[0];

    /// <summary>
    /// Appends entries at the end of the chain in their order, in one transaction: one wait for the chain head and one
    /// commit for all of them, so a writer with many entries (every API request is one) does not pay a commit each.
    /// </summary>
    /// <returns>The records in the order of <paramref name="entries"/>, with consecutive ids.</returns>
    public async Task<IReadOnlyList<AuditRecord>> AppendAllAsync(IReadOnlyList<AuditEntry> entries, CancellationToken cancellationToken = default)
    {
        if (entries.Count == 0)
        {
            return [];
        }

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var (lastId, lastHash) = await connection.QuerySingleAsync<(long, byte[])>(new CommandDefinition(
            "SELECT last_id, last_hash FROM audit_chain_head FOR UPDATE", transaction: transaction, cancellationToken: cancellationToken));

        var at = AuditChain.ToStoredPrecision(clock.GetUtcNow());
        var records = new AuditRecord[entries.Count];
        for (var i = 0; i < records.Length; i++)
        {
            var previous = i == 0 ? lastHash : records[i - 1].Hash;
            records[i] = new AuditRecord(lastId + 1 + i, at, entries[i], previous, AuditChain.Hash(at, entries[i], previous));
        }

        var last = records[^1];
        await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO audit_log (id, at, actor, action, target, source_address, outcome, details, prev_hash, hash)
            SELECT id, @At, actor, action, target, source_address, outcome, details::jsonb, prev_hash, hash
            FROM unnest(@Id, @Actor, @Action, @Target, @SourceAddress, @Outcome, @Details, @PreviousHash, @Hash)
                AS appended (id, actor, action, target, source_address, outcome, details, prev_hash, hash);
            UPDATE audit_chain_head SET last_id = @LastId, last_hash = @LastHash;
            """,
            new
            {
                At = at.UtcDateTime,
                Id = records.Select(r => r.Id).ToArray(),
                Actor = records.Select(r => r.Entry.Actor).ToArray(),
                Action = records.Select(r => r.Entry.Action).ToArray(),
                Target = records.Select(r => r.Entry.Target).ToArray(),
                SourceAddress = records.Select(r => r.Entry.SourceAddress).ToArray(),
                Outcome = records.Select(r => r.Entry.Outcome).ToArray(),
                Details = records.Select(r => Columns.ToJson(r.Entry.Details)).ToArray(),
                PreviousHash = records.Select(r => r.PreviousHash).ToArray(),
                Hash = records.Select(r => r.Hash).ToArray(),
                LastId = last.Id,
                LastHash = last.Hash,
            },
            transaction,
            cancellationToken: cancellationToken));
        await transaction.CommitAsync(cancellationToken);
        return records;
    }

    /// <summary>Entries matching the query, newest first.</summary>
    public Task<Page<AuditRecord>> ListAsync(AuditQuery query, CancellationToken cancellationToken = default) =>
        new KeysetQuery<long>("at", "id")
            .WhereEqual("actor", query.Actor)
            .WhereEqual("action", query.Action)
            .ReadPageAsync(dataSource, SelectSql, query, (AuditRow row) => row.ToRecord(), record => (record.At, record.Id), cancellationToken);

    /// <summary>Checks every row against its hash and its predecessor, and the last row against the chain head, in one snapshot.</summary>
    public Task<AuditVerification> VerifyAsync(CancellationToken cancellationToken = default) => VerifyAsync(null, cancellationToken);

    /// <summary>
    /// As <see cref="VerifyAsync(CancellationToken)"/>, and also that some row still has <paramref name="recordedHash"/>,
    /// a head written down outside the database earlier (<see cref="HeadAsync"/>): the table's owner can rewrite the
    /// chain so that it verifies, but cannot bring back a hash that was recorded elsewhere.
    /// </summary>
    public async Task<AuditVerification> VerifyAsync(byte[]? recordedHash, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var snapshot = await connection.BeginTransactionAsync(IsolationLevel.RepeatableRead, cancellationToken);
        var head = await connection.QuerySingleAsync<(long, byte[])>(new CommandDefinition(
            "SELECT last_id, last_hash FROM audit_chain_head", transaction: snapshot, cancellationToken: cancellationToken));
        var hashes = await connection.QueryAsync<(byte[] Hash, long Id)>(new CommandDefinition(
            "SELECT hash, id FROM audit_log", transaction: snapshot, cancellationToken: cancellationToken));
        var idOfHash = hashes.GroupBy(row => Convert.ToHexString(row.Hash)).ToDictionary(group => group.Key, group => group.Min(row => row.Id));
        var rows = await connection.QueryAsync<AuditRow>(new CommandDefinition(
            $"{SelectSql} ORDER BY id", transaction: snapshot, cancellationToken: cancellationToken, flags: CommandFlags.None));
        return AuditChain.Verify(rows.Select(row => row.ToRecord()), idOfHash, head, recordedHash);
    }

    /// <summary>The chain head: the last row's id and hash (SHA-256), to be kept outside the database.</summary>
    public async Task<(long LastId, byte[] LastHash)> HeadAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.QuerySingleAsync<(long, byte[])>(new CommandDefinition(
            "SELECT last_id, last_hash FROM audit_chain_head", cancellationToken: cancellationToken));
    }

    private sealed record AuditRow(
        long Id, DateTime At, string Actor, string Action, string Target, string? SourceAddress, string Outcome, string Details,
        byte[] PrevHash, byte[] Hash)
    {
        public AuditRecord ToRecord() => new(
            Id,
            Columns.Utc(At),
            new AuditEntry(Actor, Action, Target, Outcome) { SourceAddress = SourceAddress, Details = Columns.FromJson<Dictionary<string, string>>(Details) },
            PrevHash,
            Hash);
    }
}
