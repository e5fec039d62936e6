using FaultMaven.Storage.Audit;
using FaultMaven.Testing.Postgres;
using Microsoft.Extensions.Logging.Testing;

namespace FaultMaven.Storage.Tests;

public sealed class AuditHeadPublisherTests(PostgresFixture postgres) : IClassFixture<PostgresFixture>
{
    [Fact]
    public async Task The_chain_head_is_written_to_the_log_stream_at_start_and_whenever_it_moves()
    {
        await using var database = await FreshDatabase.CreateAsync(postgres);
        var audit = new AuditLog(database.DataSource, TimeProvider.System);
        var logger = new FakeLogger<AuditHeadPublisher>();
        using var publisher = new AuditHeadPublisher(audit, logger, TimeProvider.System, TimeSpan.FromMilliseconds(50));

        await publisher.StartAsync(CancellationToken.None);
        var first = await HeadLoggedAsync(audit, logger);
        await audit.AppendAsync(new AuditEntry("test", "keys.read", "keyring", "success"));
        var second = await HeadLoggedAsync(audit, logger);
        await publisher.StopAsync(CancellationToken.None);

        Assert.NotEqual(first, second);
        Assert.Equal(2, logger.Collector.GetSnapshot().Count(record => record.Message.StartsWith("Audit chain head", StringComparison.Ordinal)));
    }

    /// <summary>Waits until the log holds the current head's hash; returns that hash.</summary>
    private static async Task<string> HeadLoggedAsync(AuditLog audit, FakeLogger<AuditHeadPublisher> logger)
    {
        var hash = Convert.ToHexStringLower((await audit.HeadAsync()).LastHash);
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (!logger.Collector.GetSnapshot().Any(record => record.Message.Contains(hash, StringComparison.Ordinal)))
        {
            Assert.False(deadline.IsCancellationRequested, $"head {hash} not logged; logged: {string.Join(" | ", logger.Collector.GetSnapshot().Select(r => r.Message))}");
            await Task.Delay(20);
        }

        return hash;
    }
}
