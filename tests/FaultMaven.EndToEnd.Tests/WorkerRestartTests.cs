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
    public async Task A_worker_killed_halfway_through_10000_lines_stores_each_exactly_once_after_restart()
    {
        system.Produce("restart", Enumerable.Range(0, Lines).Select(i => $"2026-11-25 10:00:00 INFO line {i:D5} of the restart test"));

        await system.Eventually("some but not all lines stored", async () => await StoredLines() > 0, TimeSpan.FromSeconds(60));
        await system.Worker!.Kill();
        var storedBeforeRestart = await StoredLines();
        Assert.InRange(storedBeforeRestart, 1, Lines - 1);

        await system.StartWorker();
        await system.Eventually($"{Lines} lines stored", async () => await StoredLines() >= Lines, TimeSpan.FromSeconds(120));
        await Task.Delay(TimeSpan.FromSeconds(3));

        Assert.Equal(Lines, await StoredLines());
        Assert.Equal(Lines, await system.CountRows("SELECT count(DISTINCT message) FROM logs WHERE source = 'restart'"));
    }

    private Task<long> StoredLines() => system.CountRows("SELECT count(*) FROM logs WHERE source = 'restart'");
}
