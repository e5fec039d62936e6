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
    public async Task A_worker_killed_halfway_through_10000_lines_stores_each_exactly_once_after_restart()
    {
        system.Produce("restart", Enumerable.Range(0, Lines).Select(i => $"2026-11-25 10:00:00 INFO line {i:D5} of the restart test"));

        await Progress.UntilCount("some lines stored", StoredLines, stored => stored > 0, system.Diagnostics);
        await system.Worker!.Kill();
        var storedBeforeRestart = await StoredLines();
        Assert.InRange(storedBeforeRestart, 1, Lines - 1);

        await system.StartWorker();
        await system.WaitForCount($"{Lines} lines stored", StoredLines, Lines);
        await system.WaitUntilCaughtUp();

        Assert.Equal(Lines, await StoredLines());
        Assert.Equal(Lines, await system.CountRows("SELECT count(DISTINCT message) FROM logs WHERE source = 'restart'"));
    }

    private Task<long> StoredLines() => system.StoredLines("restart");
}
