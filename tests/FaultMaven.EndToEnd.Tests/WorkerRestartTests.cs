using FaultMaven.Testing;

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

    private Task<long> StoredLines() => system.StoredLines("restart");

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
        return string.Join('\n', lines.Concat(carried));
    }

    private static string LineText(int index) => $"line {index:D5} of the restart test";
}
