using Dapper;
using FaultMaven.Storage;
using FaultMaven.Storage.Audit;
using Npgsql;

namespace FaultMaven.Testing.Postgres;

/// <summary>What the audit table's owner (or a superuser) can do undetectably inside the database: rewrite history and re-hash the chain.</summary>
public static class AuditRewrite
{
    /// <summary>Changes the actor of row <paramref name="id"/>, then recomputes its hash, every later row's and the chain head, with the guard triggers off.</summary>
    public static async Task ChangeActorAsync(NpgsqlDataSource dataSource, long id, string actor)
    {
        var rows = (await new AuditLog(dataSource, TimeProvider.System).ListAsync(new AuditQuery { Limit = PagedQuery.MaxLimit })).Items.OrderBy(row => row.Id).ToList();
        await using var connection = await dataSource.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await connection.ExecuteAsync("ALTER TABLE audit_log DISABLE TRIGGER USER", transaction: transaction);
        var previous = rows.LastOrDefault(row => row.Id < id)?.Hash ?? AuditChain.Genesis;
        foreach (var row in rows.Where(row => row.Id >= id))
        {
            var entry = row.Id == id ? row.Entry with { Actor = actor } : row.Entry;
            var hash = AuditChain.Hash(row.At, entry, previous);
            await connection.ExecuteAsync(
                "UPDATE audit_log SET actor = @Actor, prev_hash = @previous, hash = @hash WHERE id = @Id",
                new { entry.Actor, previous, hash, row.Id },
                transaction);
            previous = hash;
        }

        await connection.ExecuteAsync("UPDATE audit_chain_head SET last_hash = @previous; ALTER TABLE audit_log ENABLE TRIGGER USER", new { previous }, transaction);
        await transaction.CommitAsync();
    }
}
