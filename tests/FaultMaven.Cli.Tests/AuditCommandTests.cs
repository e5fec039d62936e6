using Dapper;
using FaultMaven.Testing.Postgres;

namespace FaultMaven.Cli.Tests;

public sealed class AuditCommandTests(PostgresFixture postgres) : IClassFixture<PostgresFixture>
{
    [Fact]
    public async Task Audit_verify_passes_on_an_intact_chain_and_fails_naming_the_row_edited_behind_the_trigger()
    {
        using var fm = new KeysAndAuditProcess(postgres.ConnectionString);
        Assert.Equal(0, fm.Run("keys", "rotate", "--resume").ExitCode);

        var (intactExit, intact) = fm.Run("audit", "verify");
        var (_, listed) = fm.Run("audit", "list", "--action", "keys.reencrypt");
        await using (var connection = await postgres.DataSource.OpenConnectionAsync())
        {
            await connection.ExecuteAsync("""
                ALTER TABLE audit_log DISABLE TRIGGER USER;
                UPDATE audit_log SET actor = 'someone-else' WHERE id = 2;
                ALTER TABLE audit_log ENABLE TRIGGER USER;
                """);
        }

        var (tamperedExit, tampered) = fm.Run("audit", "verify");

        Assert.True(intactExit == 0, intact);
        Assert.Contains("2 rows verified", intact, StringComparison.Ordinal);
        Assert.Contains("\tkeys.reencrypt\tsealed columns\t-\tsuccess\t", listed, StringComparison.Ordinal);
        Assert.DoesNotContain("schema.migrate", listed, StringComparison.Ordinal);
        Assert.Equal(1, tamperedExit);
        Assert.Contains("audit log tampered: row 2 edited", tampered, StringComparison.Ordinal);
    }
}
