using Dapper;
using FaultMaven.Contracts;
using FaultMaven.Testing.Postgres;

namespace FaultMaven.Storage.Tests;

public sealed class LogRepositoryTests(PostgresFixture postgres) : IClassFixture<PostgresFixture>
{
    private readonly LogRepository logs = new(postgres.DataSource, TestKeys.Cipher);

    [Fact]
    public async Task A_batch_is_stored_once_and_replaying_it_inserts_nothing()
    {
        var source = Samples.UniqueName("replay");
        var batch = Samples.Logs(source, firstOffset: 0, count: 5000);

        Assert.Equal(5000, await logs.InsertAsync(batch));
        Assert.Equal(0, await logs.InsertAsync(batch));
        Assert.Equal(5000, await CountRowsAsync(source));
    }

    [Fact]
    public async Task A_partly_overlapping_batch_inserts_only_the_events_not_yet_stored()
    {
        var source = Samples.UniqueName("overlap");
        await logs.InsertAsync(Samples.Logs(source, firstOffset: 0, count: 100));

        var inserted = await logs.InsertAsync(Samples.Logs(source, firstOffset: 60, count: 100));

        Assert.Equal(60, inserted);
        Assert.Equal(160, await CountRowsAsync(source));
    }

    [Fact]
    public async Task An_event_repeated_within_one_batch_is_stored_once()
    {
        var source = Samples.UniqueName("repeated");
        var batch = Samples.Logs(source, firstOffset: 0, count: 10);

        Assert.Equal(10, await logs.InsertAsync([.. batch, .. batch]));
    }

    [Fact]
    public async Task Events_with_the_same_offset_but_another_index_are_distinct()
    {
        var source = Samples.UniqueName("index");
        var first = Samples.Log(source, 7, Samples.Noon, Severity.Info);
        var second = first with { Raw = first.Raw with { Index = 1 } };

        Assert.Equal(2, await logs.InsertAsync([first, second]));
    }

    [Fact]
    public async Task Events_at_the_same_position_from_different_raw_records_are_distinct_and_each_replay_is_skipped()
    {
        // A broker that lost its data writes new records at offsets it used before: their fingerprints differ.
        var source = Samples.UniqueName("fingerprint");
        var before = Samples.Log(source, 7, Samples.Noon, Severity.Info) is var log ? log with { Raw = log.Raw with { Fingerprint = 11 } } : null!;
        var after = before with { Raw = before.Raw with { Fingerprint = 12 } };

        Assert.Equal(2, await logs.InsertAsync([before, after]));
        Assert.Equal(0, await logs.InsertAsync([after, before]));
        Assert.Equal([11L, 12L], (await logs.QueryAsync(new LogQuery { Source = source })).Items.Select(l => l.Event.Raw.Fingerprint).Order());
    }

    [Fact]
    public async Task A_stored_event_reads_back_as_it_was_written()
    {
        var source = Samples.UniqueName("roundtrip");
        var written = new LogEvent(
            new DateTimeOffset(2026, 3, 1, 14, 30, 15, 123, TimeSpan.FromHours(2)),
            source,
            Service: null,
            Host: null,
            Severity.Fatal,
            "disk full: \"/var\" at 100%",
            new Dictionary<string, string> { ["path"] = "/var", ["ünïcode"] = "✓" },
            new RawOffset("logs.raw", 11, long.MaxValue - 1, 3, long.MinValue));
        await logs.InsertAsync([written]);

        var page = await logs.QueryAsync(new LogQuery { Source = source });

        var stored = Assert.Single(page.Items);
        Assert.Equivalent(written, stored.Event, strict: true);
        Assert.Equal(written.Timestamp, stored.Event.Timestamp);
        Assert.Null(page.NextCursor);
    }

    [Fact]
    public async Task Paging_returns_every_event_exactly_once_newest_first_even_when_timestamps_tie()
    {
        var source = Samples.UniqueName("paging");
        // Three events per second, so page boundaries fall inside runs of equal timestamps.
        var batch = Enumerable.Range(0, 250)
            .Select(offset => Samples.Log(source, offset, Samples.Noon.AddSeconds(offset / 3), Severity.Info))
            .ToList();
        await logs.InsertAsync(batch);

        var all = await Samples.AllPagesAsync(cursor => logs.QueryAsync(new LogQuery { Source = source, Limit = 40, Cursor = cursor }));

        Assert.Equal(batch.Select(e => e.Raw).ToHashSet(), all.Select(log => log.Event.Raw).ToHashSet());
        Assert.Equal(250, all.Count);
        Assert.Equal(all.OrderByDescending(log => log.Event.Timestamp).ThenByDescending(log => log.Id), all);
    }

    [Fact]
    public async Task A_minimum_level_returns_that_level_and_every_more_serious_one()
    {
        var source = Samples.UniqueName("level");
        await logs.InsertAsync(Samples.Logs(source, firstOffset: 0, count: 70));

        var page = await logs.QueryAsync(new LogQuery { Source = source, MinimumLevel = Severity.Warn, Limit = 100 });

        Assert.Equal(30, page.Items.Count);
        Assert.Equal([Severity.Warn, Severity.Error, Severity.Fatal], page.Items.Select(log => log.Event.Level).Distinct().Order());
    }

    [Fact]
    public async Task A_time_range_includes_its_start_and_excludes_its_end()
    {
        var source = Samples.UniqueName("range");
        await logs.InsertAsync(Samples.Logs(source, firstOffset: 0, count: 20));

        var page = await logs.QueryAsync(new LogQuery
        {
            Source = source,
            From = Samples.Noon.AddSeconds(5),
            To = Samples.Noon.AddSeconds(10).ToOffset(TimeSpan.FromHours(-5)),
        });

        Assert.Equal([9L, 8, 7, 6, 5], page.Items.Select(log => log.Event.Raw.Offset));
    }

    [Fact]
    public async Task Filtering_by_source_leaves_out_other_sources()
    {
        var source = Samples.UniqueName("mine");
        await logs.InsertAsync(Samples.Logs(source, firstOffset: 0, count: 3));
        await logs.InsertAsync(Samples.Logs(Samples.UniqueName("other"), firstOffset: 0, count: 3));

        var page = await logs.QueryAsync(new LogQuery { Source = source });

        Assert.All(page.Items, log => Assert.Equal(source, log.Event.Source));
        Assert.Equal(3, page.Items.Count);
    }

    [Fact]
    public async Task A_cursor_that_no_query_returned_is_rejected()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => logs.QueryAsync(new LogQuery { Cursor = "not-a-cursor" }));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(PagedQuery.MaxLimit + 1)]
    public async Task A_limit_outside_one_to_the_maximum_is_rejected(int limit)
    {
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => logs.QueryAsync(new LogQuery { Limit = limit }));
    }

    [Fact]
    public async Task Pages_of_errors_are_read_from_the_partial_level_indexes_of_migration_0190()
    {
        // The planner picks an index by its statistics, so the table must look like a fleet's: many info rows (bulk,
        // never read back, so their message need not be sealed) and rare errors stored the product's way.
        await using var database = await FreshDatabase.CreateAsync(postgres, pooling: false);
        await using (var connection = await database.DataSource.OpenConnectionAsync())
        {
            await connection.ExecuteAsync("""
                INSERT INTO logs (ts, source, level, message, attributes, raw_topic, raw_partition, raw_offset, raw_index)
                SELECT timestamptz '2026-03-01 12:00Z' - i * interval '1 second', 'src-' || (i % 50), 'info', '\x00', '\x00', 'bulk', 0, i, 0
                FROM generate_series(1, 50000) AS i
                """);
        }

        var errors = Enumerable.Range(0, 200).Select(i => Samples.Log($"src-{i % 50}", 100_000 + i, Samples.Noon.AddSeconds(-i * 250), Severity.Error)).ToList();
        var repository = new LogRepository(database.DataSource, TestKeys.Cipher);
        await repository.InsertAsync(errors);
        await using (var connection = await database.DataSource.OpenConnectionAsync())
        {
            await connection.ExecuteAsync("ANALYZE logs");
        }

        var everywhere = await repository.QueryAsync(new LogQuery { MinimumLevel = Severity.Error, Limit = 20 });
        var ofOneSource = await repository.QueryAsync(new LogQuery { Source = "src-7", MinimumLevel = Severity.Fatal, Limit = 20 });
        var warnings = await repository.QueryAsync(new LogQuery { MinimumLevel = Severity.Warn, Limit = 20 });

        Assert.Equal(20, everywhere.Items.Count);
        Assert.Empty(ofOneSource.Items);
        Assert.Equal(20, warnings.Items.Count);
        // Without pooling each query's server process has exited, and an exiting process reports its index scans.
        var scans = await WaitForIndexScansAsync(database, ["logs_error_ts_idx", "logs_source_error_ts_idx", "logs_warn_ts_idx"]);
        Assert.True(scans.Values.All(count => count > 0), $"index scans: {string.Join(", ", scans.Select(scan => $"{scan.Key}={scan.Value}"))}");
    }

    private static async Task<Dictionary<string, long>> WaitForIndexScansAsync(FreshDatabase database, string[] indexes)
    {
        var timeout = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            await using var connection = await database.DataSource.OpenConnectionAsync();
            var scans = (await connection.QueryAsync<(string Index, long Scans)>(
                    "SELECT indexrelname, idx_scan FROM pg_stat_user_indexes WHERE indexrelname = ANY(@indexes)", new { indexes }))
                .ToDictionary(row => row.Index, row => row.Scans);
            if ((scans.Count == indexes.Length && scans.Values.All(count => count > 0)) || DateTime.UtcNow > timeout)
            {
                return scans;
            }

            await Task.Delay(200);
        }
    }

    private async Task<long> CountRowsAsync(string source)
    {
        await using var connection = await postgres.DataSource.OpenConnectionAsync();
        return await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM logs WHERE source = @source", new { source });
    }
}
