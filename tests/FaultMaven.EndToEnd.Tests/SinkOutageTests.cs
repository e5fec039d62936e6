using System.Net;
using Npgsql;

namespace FaultMaven.EndToEnd.Tests;

/// <summary>Short back-off and stall settings, so an outage of a few seconds shows.</summary>
public sealed class QuickStallSystem : RunningSystem
{
    protected override IEnumerable<KeyValuePair<string, string>> Settings =>
    [
        new("FAULTMAVEN__SINKS__STALLAFTER", "00:00:03"),
        new("FAULTMAVEN__SINKS__RETRYDELAY", "00:00:00.100"),
        new("FAULTMAVEN__SINKS__MAXRETRYDELAY", "00:00:01"),
        new("FAULTMAVEN__SINKS__MAXBATCHSIZE", "50"),
    ];
}

public sealed class SinkOutageTests(QuickStallSystem system) : IClassFixture<QuickStallSystem>
{
    private const int Lines = 2000;

    [Fact]
    public async Task Connections_killed_again_and_again_while_lines_arrive_lose_nothing_readiness_goes_red_and_the_sink_resumes()
    {
        var source = $"outage-{Guid.NewGuid():N}"[..20];
        var failedBefore = await SinkWriteFailures();
        await AwaitReady();
        var killing = KillDatabaseConnections(TimeSpan.FromSeconds(8));
        var readiness = WatchReadiness(killing);
        foreach (var chunk in Enumerable.Range(0, Lines).Chunk(Lines / 16))
        {
            system.Produce(source, chunk.Select(i => $"{DateTimeOffset.UtcNow:yyyy-MM-ddTHH:mm:ss.fffZ} INFO outage line {i:D5}"));
            await Task.Delay(500);
        }

        var killed = await killing;
        var seen = await readiness;
        system.Database.Clear();

        await system.Eventually($"{Lines} lines stored", async () => await Stored(source) >= Lines);
        // Nothing in flight any more, so a duplicate written late would be counted below.
        await system.WaitUntilCaughtUp();
        Assert.True(killed > 0, "no worker connection was terminated");
        Assert.True(await SinkWriteFailures() > failedBefore, $"the sink saw no failed write while {killed} connections were terminated");
        Assert.Equal(Lines, await Stored(source));
        Assert.Equal(Lines, await system.CountRows($"SELECT count(DISTINCT message) FROM logs WHERE source = '{source}'"));
        Assert.Equal(0, await system.CountRows($"SELECT count(*) FROM dead_letters WHERE source = '{source}'"));
        Assert.True(seen.Contains(HttpStatusCode.ServiceUnavailable), $"/readyz never went red while the database refused connections; seen: {string.Join(", ", seen)}");
        await AwaitReady();
    }

    [Fact]
    public async Task A_sink_blocked_longer_than_StallAfter_makes_readyz_unhealthy_and_the_stall_gauge_one_until_it_advances()
    {
        var source = $"stall-{Guid.NewGuid():N}"[..20];
        await AwaitReady();
        await using var blocker = await system.Database.OpenConnectionAsync();
        await using var transaction = await blocker.BeginTransactionAsync();
        await using (var lockLogs = new NpgsqlCommand("LOCK TABLE logs IN ACCESS EXCLUSIVE MODE", blocker, transaction))
        {
            await lockLogs.ExecuteNonQueryAsync();
        }

        system.Produce(source, [$"{DateTimeOffset.UtcNow:yyyy-MM-ddTHH:mm:ss.fffZ} INFO a line that waits for the lock"]);
        string readiness = "";
        await system.Eventually("/readyz unhealthy naming the logs sink", async () =>
        {
            (var status, readiness) = await Readiness();
            return status == HttpStatusCode.ServiceUnavailable && readiness.Contains("logs (", StringComparison.Ordinal);
        });
        Assert.Contains("\"sinks\":{\"status\":\"Unhealthy\"", readiness, StringComparison.Ordinal);
        Assert.Equal(1, await StalledGauge("logs"));

        await transaction.RollbackAsync();

        await system.Eventually("the line stored", async () => await Stored(source) == 1);
        await AwaitReady();
        Assert.Equal(0, await StalledGauge("logs"));
    }

    [Fact]
    public async Task A_full_disk_under_the_logs_table_pauses_the_sink_with_a_clear_error_and_it_resumes_without_loss_when_space_returns()
    {
        var source = $"diskfull-{Guid.NewGuid():N}"[..20];
        await AwaitReady();
        var heapBytes = await system.CountRows("SELECT pg_total_relation_size('logs'::regclass) - pg_indexes_size('logs'::regclass)");
        using var disk = SmallFilesystem.Mount(heapBytes + (256 << 10));
        var tablespace = $"fm_small_{Guid.NewGuid():N}"[..20];
        AsSuperuser($"CREATE TABLESPACE {tablespace} OWNER {new NpgsqlConnectionStringBuilder(system.DatabaseConnectionString).Username} LOCATION '{disk.Path}'");
        await using var connection = await system.Database.OpenConnectionAsync();
        try
        {
            await Execute(connection, $"ALTER TABLE logs SET TABLESPACE {tablespace}");
            var failedBefore = await SinkWriteFailures();

            system.Produce(source, Enumerable.Range(0, Lines).Select(i => $"{DateTimeOffset.UtcNow:yyyy-MM-ddTHH:mm:ss.fffZ} INFO disk full line {i:D5} {new string('x', 200)}"));
            string readiness = "";
            // Readiness and the gauge are read together: a full disk still lets a small batch through now and then (into
            // pages an aborted COPY left allocated), and each such advance clears the stall until the next stall period.
            // On a loaded machine the sink can be slow enough to look stalled before its first write fails: wait for both.
            await system.Eventually("a failed sink write counted, /readyz unhealthy naming the logs sink, and its stalled gauge 1, while the disk is full", async () =>
            {
                (var status, readiness) = await Readiness();
                return status == HttpStatusCode.ServiceUnavailable && readiness.Contains("logs (", StringComparison.Ordinal)
                    && await StalledGauge("logs") == 1 && await SinkWriteFailures() > failedBefore;
            });
            var storedWhileFull = await Stored(source);
            Assert.True(storedWhileFull < Lines, $"all {Lines} lines fit on a disk of {heapBytes + (256 << 10)} bytes: the test filled nothing");
            Assert.Contains("No space left on device", system.Worker!.Output, StringComparison.Ordinal);
            Assert.Contains("SQLSTATE 53100", system.Worker.Output, StringComparison.Ordinal);

            disk.Resize(64L << 20);

            await system.Eventually($"{Lines} lines stored once the disk has room", async () => await Stored(source) >= Lines);
            await AwaitReady();
            Assert.Equal(Lines, await Stored(source));
            Assert.Equal(Lines, await system.CountRows($"SELECT count(DISTINCT message) FROM logs WHERE source = '{source}'"));
            Assert.Equal(0, await system.CountRows($"SELECT count(*) FROM dead_letters WHERE source = '{source}'"));
            Assert.Equal(0, await StalledGauge("logs"));
        }
        finally
        {
            disk.Resize(64L << 20);
            await Execute(connection, "ALTER TABLE logs SET TABLESPACE pg_default");
            await Execute(connection, $"DROP TABLESPACE {tablespace}");
        }
    }

    /// <summary>
    /// A statement only a superuser may run (CREATE TABLESPACE), run by psql as the postgres user over the test server's
    /// Unix socket, found in /proc/net/unix by the server's port (the test role may not read unix_socket_directories).
    /// </summary>
    private void AsSuperuser(string sql)
    {
        var port = new NpgsqlConnectionStringBuilder(system.DatabaseConnectionString).Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var socket = File.ReadLines("/proc/net/unix").Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries).Last())
            .FirstOrDefault(path => path.EndsWith($"/.s.PGSQL.{port}", StringComparison.Ordinal))
            ?? throw new InvalidOperationException($"no Unix socket of a PostgreSQL on port {port}: the test server is not local");
        SmallFilesystem.Run("runuser", "-u", "postgres", "--", "psql", "-h", Path.GetDirectoryName(socket)!, "-p", port, "-d", "postgres", "-v", "ON_ERROR_STOP=1", "-c", sql);
    }

    private Task<long> Stored(string source) => system.CountRows($"SELECT count(*) FROM logs WHERE source = '{source}'");

    /// <summary>
    /// Takes the test database away for <paramref name="duration"/>, as a restarting server would: it refuses new
    /// connections and every open one is terminated, over and over; then it accepts them again.
    /// </summary>
    private async Task<long> KillDatabaseConnections(TimeSpan duration)
    {
        await Task.Yield();
        await using var killer = await system.Database.OpenConnectionAsync();
        var database = killer.Database;
        await killer.ChangeDatabaseAsync("postgres");
        await Execute(killer, $"ALTER DATABASE \"{database}\" WITH ALLOW_CONNECTIONS false");
        long killed = 0;
        try
        {
            await using var terminate = new NpgsqlCommand(
                "SELECT count(*) FILTER (WHERE pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = @database AND pg_has_role(current_user, usename, 'MEMBER') AND pid <> pg_backend_pid()",
                killer) { Parameters = { new("database", database) } };
            var until = DateTime.UtcNow + duration;
            while (DateTime.UtcNow < until)
            {
                killed += (long)(await terminate.ExecuteScalarAsync())!;
                await Task.Delay(50);
            }
        }
        finally
        {
            await Execute(killer, $"ALTER DATABASE \"{database}\" WITH ALLOW_CONNECTIONS true");
            // The test's own pooled connections were terminated too; later reads must not pick one of them up.
            NpgsqlConnection.ClearAllPools();
        }

        return killed;
    }

    /// <summary>The /readyz statuses seen, in order without repeats, until <paramref name="outage"/> ends.</summary>
    private async Task<List<HttpStatusCode>> WatchReadiness(Task outage)
    {
        var seen = new List<HttpStatusCode>();
        while (!outage.IsCompleted)
        {
            var (status, _) = await Readiness();
            if (seen.Count == 0 || seen[^1] != status)
            {
                seen.Add(status);
            }

            await Task.Delay(200);
        }

        return seen;
    }

    private static async Task Execute(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private async Task<double> SinkWriteFailures() =>
        SampleOf(await Metrics(), """faultmaven_pipeline_records_total{step="sink-logs",outcome="failed"}""") ?? 0;

    private async Task<double?> StalledGauge(string sink) =>
        SampleOf(await Metrics(), $$"""faultmaven_sinks_stalled{sink="{{sink}}"}""");

    private static double? SampleOf(string metrics, string series)
    {
        var line = metrics.Split('\n').FirstOrDefault(l => l.StartsWith(series + " ", StringComparison.Ordinal));
        return line is null ? null : double.Parse(line[(series.Length + 1)..].Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture);
    }

    private async Task<string> Metrics()
    {
        using var http = new HttpClient();
        return await http.GetStringAsync(system.WorkerUrl("/metrics"));
    }

    private async Task<(HttpStatusCode Status, string Body)> Readiness()
    {
        using var http = new HttpClient();
        using var response = await http.GetAsync(system.WorkerUrl("/readyz"));
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    private Task AwaitReady() =>
        system.Eventually("/readyz healthy", async () => (await Readiness()).Status == HttpStatusCode.OK);
}
