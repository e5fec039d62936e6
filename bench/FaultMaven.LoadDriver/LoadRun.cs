using System.Diagnostics;
using System.Globalization;
using FaultMaven.Contracts;
using Npgsql;

namespace FaultMaven.LoadDriver;

/// <summary>
/// One bounded run: start the system, push, wait until it has drained, account for every line, measure the COPY ceiling,
/// report. "Drained" means every consumer group's lag is 0 and no row or dead letter has appeared for
/// <see cref="Settle"/>, longer than the repeat window (10 s) and the multi-line idle time (2 s) that hold each source's
/// last event back.
/// </summary>
public sealed class LoadRun(LoadOptions options, string command, Action<string> log)
{
    public static readonly TimeSpan Settle = TimeSpan.FromSeconds(15);

    private static readonly TimeSpan MemorySampleInterval = TimeSpan.FromSeconds(1);

    public async Task<RunReport> RunAsync(SystemUnderTest system)
    {
        var input = await LoadInput.CreateAsync(options.File, options.Lines, options.Sources, options.ChunkBytes);
        log(Invariant($"input: {input.Description}, {input.Lines:N0} lines, {input.Chunks.Count:N0} chunks"));
        var machine = Machine();
        await using var database = NpgsqlDataSource.Create(system.PostgresConnectionString);
        var clock = Stopwatch.StartNew();
        var meters = new Dictionary<string, ProcessMeter>
        {
            ["PostgreSQL"] = new(system.PostmasterId, includeChildren: true),
            ["dev broker"] = new(system.Broker.Id, includeChildren: false),
        };
        if (options.KillWorker == 0)
        {
            // A killed worker's CPU time is gone with it: with kills, the worker is not metered.
            meters["worker"] = new(system.Worker.Id, includeChildren: false);
        }

        using var lag = new LagSampler(system.Kafka, clock);
        var watcher = new RowWatcher(database, clock);
        var rawBefore = lag.Watermarks(Topics.Raw);

        using var stop = new CancellationTokenSource();
        var cpuBefore = meters.ToDictionary(m => m.Key, m => m.Value.CpuSeconds());
        var watching = watcher.RunAsync(stop.Token);
        var lagging = lag.RunAsync(stop.Token);
        var sampling = SampleMemoryAsync(meters.Values, stop.Token);

        log(Invariant($"pushing at {(options.Rate is { } r ? r.ToString("N0", CultureInfo.InvariantCulture) + " lines/s" : "unlimited rate")}"));
        var killing = KillWorkerAsync(system, watcher, input.Lines);
        var push = await new Pusher(system.Kafka).PushAsync(input.Chunks, options.Rate, clock);
        log(Invariant($"pushed in {(push.Finished - push.Started).TotalSeconds:N1} s; waiting for the pipeline to drain"));
        await killing;
        var drained = await WaitUntilDrainedAsync(system, watcher, lag, push, clock);

        var usage = meters.ToDictionary(m => m.Key, m => new ProcessUsage(m.Value.CpuSeconds() - cpuBefore[m.Key], m.Value.PeakMemoryMiB()));
        await stop.CancelAsync();
        await Task.WhenAll(watching, lagging, sampling);
        var rawAfter = lag.Watermarks(Topics.Raw);
        var normalizedAfter = lag.Watermarks(Topics.Normalized);

        log("accounting for every line");
        using var http = new HttpClient();
        var metrics = await http.GetStringAsync($"{system.WorkerUrl}/metrics");
        var accounting = await Accounting.ReadAsync(database, system.Cipher, metrics);
        var latency = Latency(input, push, watcher, rawBefore.ToDictionary(w => w.Key, w => w.Value.High.Value), rawAfter.ToDictionary(w => w.Key, w => w.Value.High.Value));

        log(Invariant($"measuring the COPY ceiling with {input.Lines:N0} rows"));
        var copy = await CopyCeiling.MeasureAsync(database, input.Lines);

        return new RunReport(
            command, DateTimeOffset.UtcNow, machine, options, input, push, watcher.LastChange, Sustained(input, push, latency.StoredAt),
            drained, latency.Summary, copy, usage, lag.Groups.Select(g => g.Group).ToList(), lag.Samples, accounting,
            await watcher.Unseen(), [Retention.Of(Topics.Raw, rawAfter), Retention.Of(Topics.Normalized, normalizedAfter)], StepTimings.Parse(metrics));
    }

    /// <summary>
    /// Kills the worker <see cref="LoadOptions.KillWorker"/> times, each once the stored rows pass a random share of the
    /// lines (between 5 % and 95 %, in order), and starts it again; the accounting afterwards says whether every line
    /// was still stored exactly once.
    /// </summary>
    private async Task KillWorkerAsync(SystemUnderTest system, RowWatcher watcher, long lines)
    {
        var seed = Environment.TickCount;
        var random = new Random(seed);
        var points = Enumerable.Range(0, options.KillWorker).Select(_ => (long)(lines * (0.05 + (0.9 * random.NextDouble())))).Order().ToList();
        if (points.Count > 0)
        {
            log(Invariant($"killing the worker when {string.Join(", ", points.Select(p => p.ToString("N0", CultureInfo.InvariantCulture)))} rows are stored (seed {seed})"));
        }

        foreach (var point in points)
        {
            while (watcher.RowsSeen < point)
            {
                await Task.Delay(100);
            }

            var (storedAtKill, restart) = (watcher.RowsSeen, Stopwatch.StartNew());
            await system.KillAndRestartWorkerAsync();
            log(Invariant($"killed the worker at {storedAtKill:N0} rows stored; a new one was ready in {restart.Elapsed.TotalSeconds:N1} s"));
        }
    }

    private async Task<bool> WaitUntilDrainedAsync(SystemUnderTest system, RowWatcher watcher, LagSampler lag, PushResult push, Stopwatch clock)
    {
        while (clock.Elapsed - push.Finished < options.DrainTimeout)
        {
            if (system.Worker.HasExited)
            {
                log($"the worker exited with {system.Worker.ExitCode}");
                return false;
            }

            if (clock.Elapsed - watcher.LastChange >= Settle && watcher.LastLook > watcher.LastChange && lag.Sample().LagByGroup.Values.All(l => l == 0))
            {
                return true;
            }

            await Task.Delay(TimeSpan.FromSeconds(1));
        }

        log($"not drained {options.DrainTimeout.TotalSeconds:N0} s after the push");
        return false;
    }

    /// <summary>
    /// Each chunk's push-to-row latency. A chunk's logs.raw position is not returned by the publisher, so it is derived:
    /// one idempotent producer sends the chunks in order, so the k-th chunk of a partition lands at the partition's
    /// high watermark before the push plus k. That holds only if each partition grew by exactly its number of chunks,
    /// which is checked; the partition of a source is read from its stored rows.
    /// </summary>
    private static (LatencySummary Summary, Dictionary<int, TimeSpan> StoredAt) Latency(
        LoadInput input, PushResult push, RowWatcher watcher, Dictionary<int, long> highBefore, Dictionary<int, long> highAfter)
    {
        var storedAt = new Dictionary<int, TimeSpan>();
        var next = new Dictionary<int, long>(highBefore);
        var latencies = new List<TimeSpan>();
        var sent = input.Chunks.Where(c => watcher.PartitionOfSource.ContainsKey(c.Source)).GroupBy(c => watcher.PartitionOfSource[c.Source]).ToDictionary(g => g.Key, g => g.Count());
        var mismatch = sent.Where(s => highAfter[s.Key] - highBefore[s.Key] != s.Value).Select(s => s.Key).ToList();
        if (mismatch.Count > 0)
        {
            return (new LatencySummary(input.Chunks.Count, 0, 0, 0, 0, $"partitions {string.Join(", ", mismatch)} did not grow by the chunks sent to them"), storedAt);
        }

        foreach (var chunk in input.Chunks)
        {
            if (!watcher.PartitionOfSource.TryGetValue(chunk.Source, out var partition))
            {
                continue;
            }

            if (watcher.LastRowSeen.TryGetValue((partition, next[partition]++), out var seen))
            {
                storedAt[chunk.Ordinal] = seen;
                latencies.Add(seen - push.AckedAt[chunk.Ordinal]);
            }
        }

        return (LatencySummary.Of(input.Chunks.Count, latencies), storedAt);
    }

    /// <summary>Lines per second up to the storing of every chunk but each source's last, or null when one of those has no row.</summary>
    private static double? Sustained(LoadInput input, PushResult push, Dictionary<int, TimeSpan> storedAt)
    {
        var last = input.Chunks.GroupBy(c => c.Source).Select(g => g.Last().Ordinal).ToHashSet();
        var counted = input.Chunks.Where(c => !last.Contains(c.Ordinal)).ToList();
        if (counted.Count == 0 || counted.Any(c => !storedAt.ContainsKey(c.Ordinal)))
        {
            return null;
        }

        return counted.Sum(c => (long)c.Lines) / (counted.Max(c => storedAt[c.Ordinal]) - push.Started).TotalSeconds;
    }

    private static async Task SampleMemoryAsync(IEnumerable<ProcessMeter> meters, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            foreach (var meter in meters)
            {
                meter.SampleMemory();
            }

            try
            {
                await Task.Delay(MemorySampleInterval, stop);
            }
            catch (OperationCanceledException)
            {
            }
        }
    }

    private static string Machine()
    {
        var memory = File.ReadLines("/proc/meminfo").First(l => l.StartsWith("MemTotal:", StringComparison.Ordinal)).Split(' ', StringSplitOptions.RemoveEmptyEntries)[1];
        var load = File.ReadAllText("/proc/loadavg").Split(' ')[..3];
        return Invariant($"nproc {Environment.ProcessorCount}, {double.Parse(memory, CultureInfo.InvariantCulture) / 1048576:N1} GiB memory, load average {string.Join(" / ", load)} at the start, {Environment.OSVersion.VersionString}");
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
