using FaultMaven.Testing.Postgres;

namespace FaultMaven.Cli.Tests;

/// <summary>A chain head kept outside the database catches what the chain alone cannot: history rewritten and re-hashed by the table's owner.</summary>
public sealed class AuditHeadCommandTests(PostgresFixture postgres) : IClassFixture<PostgresFixture>
{
    [Fact]
    public async Task Audit_verify_with_a_recorded_head_fails_after_the_owner_rewrites_and_rehashes_the_chain()
    {
        using var fm = new KeysAndAuditProcess(postgres.ConnectionString);
        Assert.Equal(0, fm.Run("keys", "rotate", "--resume").ExitCode);
        var (headExit, headOutput) = fm.Run("audit", "head");
        Assert.True(headExit == 0, headOutput);
        var recorded = headOutput.Trim().Split('\t')[1];

        var (beforeExit, before) = fm.Run("audit", "verify", "--head", recorded);
        await AuditRewrite.ChangeActorAsync(postgres.DataSource, 1, "someone-else");
        var (plainExit, plain) = fm.Run("audit", "verify");
        var (recordedExit, afterRewrite) = fm.Run("audit", "verify", "--head", recorded);
        var (badExit, bad) = fm.Run("audit", "verify", "--head", "not-a-hash");

        Assert.True(beforeExit == 0, before);
        Assert.True(plainExit == 0, "the rewritten chain is consistent in itself: " + plain);
        Assert.Equal(1, recordedExit);
        Assert.Contains("rewritten", afterRewrite, StringComparison.Ordinal);
        Assert.Contains(recorded, afterRewrite, StringComparison.Ordinal);
        Assert.NotEqual(0, badExit);
        Assert.Contains("64 hexadecimal digits", bad, StringComparison.Ordinal);
    }
}
