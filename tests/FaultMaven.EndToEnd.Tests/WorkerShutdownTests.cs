using System.Diagnostics;
using FaultMaven.Testing;
using Xunit.Abstractions;

namespace FaultMaven.EndToEnd.Tests;

/// <summary>A supervisor (scripts/run.sh, systemd) stops the worker with SIGTERM and must not wait on it for long.</summary>
public sealed class WorkerShutdownTests(RunningSystem system, ITestOutputHelper output) : IClassFixture<RunningSystem>
{
    /// <summary>The host's shutdown timeout (30 s) plus time to flush logs on a loaded machine; it used to take 46 s and more.</summary>
    private static readonly TimeSpan ShutdownBound = TimeSpan.FromSeconds(35);

    [Fact]
    public async Task A_worker_whose_broker_is_gone_exits_on_SIGTERM_within_its_shutdown_timeout()
    {
        var worker = system.Worker!;
        // Records in flight, so that the stream and the sinks are mid-batch when the broker goes.
        system.Produce("shutdown", Enumerable.Range(0, 20_000).Select(i => $"2026-11-30T10:00:00Z ERROR shutdown test line {i}"));
        await Progress.Until(
            "the worker stored some lines",
            async () => await system.StoredLines("shutdown") > 0,
            system.PipelineProgress,
            system.Diagnostics);
        system.StopBroker();
        await Progress.Until(
            "the worker reports the broker as unreachable (/readyz not 200)",
            async () => !await Ready(system.WorkerUrl("/readyz")),
            () => Task.FromResult((long)worker.Output.Length),
            () => Task.FromResult(Progress.Tail(worker.Output)));

        var clock = Stopwatch.StartNew();
        var exitCode = await worker.Signal("TERM", ShutdownBound);
        output.WriteLine($"exit code {exitCode} after {clock.Elapsed.TotalSeconds:F1} s");

        Assert.True(clock.Elapsed < ShutdownBound, $"exited after {clock.Elapsed.TotalSeconds:F0} s:\n{Progress.Tail(worker.Output)}");
        Assert.True(exitCode == 0 || worker.Output.Contains("Pipeline stream did not close", StringComparison.Ordinal)
            || worker.Output.Contains("Pipeline stream failed to close", StringComparison.Ordinal),
            $"exit code {exitCode} without the reason logged:\n{Progress.Tail(worker.Output)}");
    }

    private static async Task<bool> Ready(string url)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        try
        {
            return (await http.GetAsync(url)).IsSuccessStatusCode;
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
        {
            return false;
        }
    }
}

/// <summary>With the broker there, SIGTERM is a clean stop: the stream closes in time and the exit code is 0 (1 would mean it could not).</summary>
public sealed class WorkerCleanShutdownTests(RunningSystem system, ITestOutputHelper output) : IClassFixture<RunningSystem>
{
    /// <summary>The worker's own bound for closing the stream (10 s), plus time for the rest of the host on a loaded machine.</summary>
    private static readonly TimeSpan CloseBound = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_worker_stopped_with_SIGTERM_closes_its_stream_and_exits_0()
    {
        var worker = system.Worker!;

        var clock = Stopwatch.StartNew();
        var exitCode = await worker.Signal("TERM", CloseBound);
        output.WriteLine($"exit code {exitCode} after {clock.Elapsed.TotalSeconds:F1} s");

        Assert.True(exitCode == 0, $"exit code {exitCode}:\n{Progress.Tail(worker.Output)}");
    }
}
