using FaultMaven.Analysis.Detection;
using FaultMaven.Testing;
using FaultMaven.Testing.Postgres;

namespace FaultMaven.EndToEnd.Tests;

/// <summary>Small sink batches, so that a kill lands while the rows are still arriving.</summary>
public sealed class SlowSinkSystem : RunningSystem
{
    protected override IEnumerable<KeyValuePair<string, string>> Settings =>
        [new("FAULTMAVEN__SINKS__MAXBATCHSIZE", "20")];
}

public sealed class WorkerRestartTests(SlowSinkSystem system) : IClassFixture<SlowSinkSystem>
{
    private const int Lines = 10_000;

    [Fact]
    public async Task A_worker_killed_three_times_at_random_points_of_10000_lines_stores_each_exactly_once()
    {
        var seed = Environment.TickCount;
        var random = new Random(seed);
        system.Produce("restart", Enumerable.Range(0, Lines).Select(i => $"2026-11-25 10:00:00 INFO {LineText(i)}"));

        var killedAt = new List<long>();
        for (var kill = 0; kill < 3; kill++)
        {
            // A random point between what is stored now and the end, leaving room for the kills still to come.
            var before = await StoredLines();
            var target = before + 1 + random.NextInt64(Math.Max(1, (Lines - before) / (4 - kill)));
            await Progress.UntilCount($"{target} lines stored before kill {kill + 1} (seed {seed})", StoredLines, stored => stored >= target, system.Diagnostics);
            await system.Worker!.Kill();
            killedAt.Add(await StoredLines());
            await system.StartWorker();
        }

        Assert.True(killedAt[^1] < Lines, $"every line was stored before the last kill (at {string.Join(", ", killedAt)}; seed {seed}): it proved nothing");
        try
        {
            await system.WaitForCount($"{Lines} lines stored", StoredLines, Lines);
        }
        catch (Exception exception) when (exception is TimeoutException or Xunit.Sdk.XunitException)
        {
            string report;
            try
            {
                report = await MissingLines();
            }
            catch (Exception unreadable)
            {
                report = $"not found: {unreadable.Message}";
            }

            throw new Xunit.Sdk.XunitException($"{exception.Message}\n--- where the missing lines went (kills at {string.Join(", ", killedAt)} stored rows; seed {seed}) ---\n{report}");
        }

        await system.WaitUntilCaughtUp();

        // Records in = rows + dead letters: none of these lines is bad, and none may be stored twice.
        var (rows, distinct, deadLetters) = (await StoredLines(), await system.CountRows("SELECT count(DISTINCT message) FROM logs WHERE source = 'restart'"), await system.CountRows("SELECT count(*) FROM dead_letters WHERE source = 'restart'"));
        Assert.True(
            (rows, distinct, deadLetters) == (Lines, Lines, 0),
            $"{rows} rows, {distinct} distinct, {deadLetters} dead letters after kills at {string.Join(", ", killedAt)} stored rows (seed {seed})");
    }

    /// <summary>
    /// What a restarted worker replays (each source's events it carried across its last commit: the last line, a held
    /// repeat) must land on what the first run stored. Three sources, one kill: a run of identical lines at the end (one
    /// row counting them), four errors under the burst threshold of five (no finding), and a source whose every line
    /// and finding is dead-lettered by the sinks (its name holds a NUL byte, which PostgreSQL's text refuses; a name too
    /// long is refused before, at normalize), six of its lines errors (a burst). The kill
    /// comes once all of it is stored and committed, so whatever the restarted worker stores is a replay stored twice.
    /// </summary>
    [Fact]
    public async Task A_worker_killed_after_storing_repeats_errors_and_dead_letters_stores_nothing_more_after_its_restart()
    {
        const string Repeats = "replay-repeats", Errors = "replay-errors";
        // The NUL after the first 40 characters, which find the source's rows and dead letters (Head).
        var deadLettered = $"replay-dead-{RandomLetters(30)}\0source";
        string[] sources = [Repeats, Errors, deadLettered];
        system.Produce(Repeats, Enumerable.Range(0, 10).Select(i => $"2026-11-25 10:00:00 INFO cache warmed shard {i}")
            .Concat(Enumerable.Repeat("2026-11-25 10:00:01 WARN connection pool exhausted, waiting for a free connection", 20)));
        system.Produce(Errors, Enumerable.Range(0, 4).Select(i => $"2026-11-25 10:00:0{i} ERROR checkout failed: payment gateway timed out (order {1000 + i})"));
        system.Produce(deadLettered, Enumerable.Range(0, 10).Select(i => i < 4 ? $"2026-11-25 10:00:0{i} INFO request {i} served" : $"2026-11-25 10:00:0{i} ERROR request {i} failed: upstream refused"));
        var sent = new Dictionary<string, long> { [Repeats] = 30, [Errors] = 4, [deadLettered] = 10 };
        foreach (var source in sources)
        {
            await system.WaitForCount($"{sent[source]} lines of {Short(source)} accounted for", () => LinesAccountedFor(source), sent[source]);
        }

        await system.Eventually("the dead-lettered source's error burst dead-lettered", async () =>
            await system.CountRows("SELECT count(*) FROM dead_letters WHERE step = 'sink-findings' AND source LIKE $1", Head(deadLettered)) > 0);
        await system.WaitUntilCaughtUp();
        var before = await StoredFor(sources);
        Assert.DoesNotContain(before, line => line.StartsWith($"finding {Errors} {ErrorBurstOptions.Kind}", StringComparison.Ordinal));

        // Every source of this system (these and the other test's) ends on a line its normalizer held until the source
        // was quiet; a restarted worker restores the state the changelog kept and releases again the line it holds once
        // the source is quiet again, and with it what the collapser held. Whether a source's idle flush made it into the
        // changelog depends on the records after it (another test's, on the same partition), so the changelog says how
        // many lines come again. Then nothing more is to come.
        var pending = CarriedStateChangelog.Restored(system.BootstrapServers).Where(entry => entry.Value.Normalizer.Pending is not null).Select(entry => Short(entry.Key)).ToList();
        Assert.True(pending.Count > 0, "no source's restored state holds a line: the restart would replay nothing, and this test check nothing");
        await system.Worker!.Kill();
        await system.StartWorker();
        await system.Eventually($"the restarted worker released the held line of each of {pending.Count} sources again ({string.Join(", ", pending)})", async () =>
            await PipelineProbe.WorkerCounter(system, "faultmaven_pipeline_records_total", "step=\"normalize\",outcome=\"produced\"") >= pending.Count);
        await system.WaitUntilCaughtUp();

        var after = await StoredFor(sources);
        Assert.True(
            after.SequenceEqual(before),
            $"stored after the restart and not before:\n{string.Join('\n', after.Except(before))}\nstored before the restart and not after:\n{string.Join('\n', before.Except(after))}");
        foreach (var source in sources)
        {
            Assert.Equal(sent[source], await LinesAccountedFor(source));
        }
    }

    private Task<long> StoredLines() => system.StoredLines("restart");

    /// <summary>
    /// Rows of <paramref name="source"/> with the lines merged or collapsed into them, plus the dead letters of its lines
    /// (not of its findings), found by the name's head because the dead-letter store keeps 512 characters of a source;
    /// each holds one line here.
    /// </summary>
    private async Task<long> LinesAccountedFor(string source)
    {
        // PostgreSQL's text holds no NUL: no row can be of such a source, nor can it be asked for by name.
        var stored = source.Contains('\0') ? 0 : await RowsWithTheirLines(source);
        return stored + await system.CountRows("SELECT count(*) FROM dead_letters WHERE step IN ('normalize', 'sink-logs') AND source LIKE $1", Head(source));
    }

    private async Task<long> RowsWithTheirLines(string source)
    {
        var stored = await LineAccounting.ReadAsync(system.Database, system.Cipher, source);
        return stored.Rows + stored.MergedLines + stored.CollapsedRepeats;
    }

    /// <summary>
    /// Every row, dead letter, finding and incident stored for <paramref name="sources"/>, one line each, sorted: rows and
    /// dead letters by their positions, findings by kind, title and count, incidents by id and title.
    /// </summary>
    private async Task<List<string>> StoredFor(string[] sources)
    {
        var lines = new List<string>();
        foreach (var source in sources)
        {
            var prefix = Head(source);
            lines.AddRange(await Texts("SELECT 'row ' || left(source, 20) || ' ' || raw_topic || '/' || raw_partition || '@' || raw_offset || '#' || raw_index FROM logs WHERE source LIKE $1", prefix));
            lines.AddRange(await Texts("SELECT 'dead letter ' || left(source, 20) || ' ' || step || ' ' || raw_topic || '/' || raw_partition || '@' || raw_offset || '#' || raw_index FROM dead_letters WHERE source LIKE $1", prefix));
            lines.AddRange(await Texts("SELECT 'finding ' || left(source, 20) || ' ' || kind || ' ' || left(title, 80) || ' x' || count FROM findings WHERE source LIKE $1", prefix));
            lines.Add($"lines of {Short(source)}: {await LinesAccountedFor(source)}");
        }

        lines.AddRange(await Texts("SELECT 'incident ' || id || ' ' || left(title, 80) FROM incidents"));
        lines.Sort(StringComparer.Ordinal);
        return lines;
    }

    private async Task<List<string>> Texts(string sql, params object[] parameters)
    {
        await using var command = system.Database.CreateCommand(sql);
        foreach (var parameter in parameters)
        {
            command.Parameters.Add(new Npgsql.NpgsqlParameter { Value = parameter });
        }

        var texts = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            texts.Add(reader.GetString(0));
        }

        return texts;
    }

    private static string Head(string source) => $"{source[..Math.Min(source.Length, 40)]}%";

    private static string Short(string source) => source.Length > 40 ? $"{source[..40]}…" : source;

    // Random, so that each run's source is new.
    private static string RandomLetters(int count) => string.Create(count, Random.Shared, (letters, random) =>
    {
        for (var i = 0; i < letters.Length; i++)
        {
            letters[i] = (char)('a' + random.Next(26));
        }
    });

    /// <summary>
    /// The raw offsets of logs.raw with no row, and what logs.normalized holds for each (every copy the worker produced,
    /// replays included, found by its raw offset or by its text, so that an event attributed to another offset shows):
    /// no event means the stream lost it, an event means the logs sink did. Then what a restarted worker would restore
    /// for the source: the last records of the carried-event store's changelog.
    /// </summary>
    private async Task<string> MissingLines()
    {
        var stored = new HashSet<long>();
        await using (var command = system.Database.CreateCommand("SELECT raw_offset FROM logs WHERE source = 'restart'"))
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                stored.Add(reader.GetInt64(0));
            }
        }

        var missing = Enumerable.Range(0, Lines).Where(offset => !stored.Contains(offset)).ToList();
        var copies = NormalizedTopic.Events(system.BootstrapServers, e => e.Source == "restart");
        var lines = missing.Select(offset =>
        {
            var found = copies.Where(c => c.Event.Raw.Offset == offset || c.Event.Message.Contains(LineText(offset), StringComparison.Ordinal))
                .Select(c => $"logs.normalized/{c.Partition}@{c.Offset} (raw offset {c.Event.Raw.Offset}): {c.Event.Message}")
                .ToList();
            return $"logs.raw offset {offset}: " + (found.Count > 0 ? string.Join("; ", found) : "no event in logs.normalized");
        });
        var carried = CarriedStateChangelog.Last(system.BootstrapServers, "restart", 3).Select(record => $"{CarriedStateChangelog.Topic} {record}");
        // Whether the running worker's idle flushes ran: a line held when the source went quiet is released by them.
        var steps = new List<string>();
        foreach (var (step, outcome) in new[] { ("normalize", "consumed"), ("normalize", "produced"), ("collapse", "consumed"), ("collapse", "produced") })
        {
            steps.Add($"{step} {outcome} {await PipelineProbe.WorkerCounter(system, "faultmaven_pipeline_records_total", $"step=\"{step}\",outcome=\"{outcome}\"")}");
        }

        return string.Join('\n', lines.Concat(carried).Append($"running worker's records: {string.Join(", ", steps)}"));
    }

    private static string LineText(int index) => $"line {index:D5} of the restart test";
}
