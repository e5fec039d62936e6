using System.Globalization;
using System.Text;

namespace FaultMaven.LoadDriver;

/// <summary>Push-to-row latency over chunks: nearest-rank percentiles in milliseconds, or why there are none.</summary>
public sealed record LatencySummary(int Chunks, int Observed, double P50Ms, double P99Ms, double MaxMs, string? Unavailable)
{
    /// <summary>Nearest-rank p50, p99 and max of <paramref name="latencies"/> out of <paramref name="chunks"/> chunks.</summary>
    public static LatencySummary Of(int chunks, IReadOnlyCollection<TimeSpan> latencies)
    {
        if (latencies.Count == 0)
        {
            return new LatencySummary(chunks, 0, 0, 0, 0, "no chunk had a stored row");
        }

        var sorted = latencies.Select(l => l.TotalMilliseconds).Order().ToArray();
        double Rank(double p) => sorted[Math.Max(0, (int)Math.Ceiling(p * sorted.Length) - 1)];
        return new LatencySummary(chunks, sorted.Length, Rank(0.50), Rank(0.99), sorted[^1], null);
    }
}

/// <summary>Everything one run measured, and its markdown form for docs/benchmarks.md.</summary>
public sealed record RunReport(
    string Command,
    DateTimeOffset Date,
    string Machine,
    LoadOptions Options,
    LoadInput Input,
    PushResult Push,
    TimeSpan LastStored,
    double? SustainedLinesPerSecond,
    bool Drained,
    LatencySummary Latency,
    CopyResult? Copy,
    IReadOnlyDictionary<string, ProcessUsage> Usage,
    IReadOnlyList<string> Groups,
    IReadOnlyList<LagSample> Lag,
    Accounting Accounting,
    long UnseenRows,
    IReadOnlyList<Retention> Retained,
    IReadOnlyList<StepTiming> Steps)
{
    private const int LagRows = 12;

    public TimeSpan EndToEnd => LastStored - Push.Started;

    /// <summary>Lines accounted for (stored as rows, merged, collapsed, dead-lettered or filtered) per second end to end; lost lines do not count.</summary>
    public double LinesPerSecond => Accounting.Accounted / EndToEnd.TotalSeconds;

    public bool IdentityHolds => Accounting.Holds(Input.Lines);

    public string ToMarkdown()
    {
        var a = Accounting;
        var md = new StringBuilder();
        md.AppendLine(Invariant($"### {Date:yyyy-MM-dd HH:mm} UTC — {Input.Lines:N0} lines, rate {Rate}, {Options.Sources} source(s), {Options.Partitions} partitions"));
        md.AppendLine();
        md.AppendLine(Invariant($"`{Command}`  "));
        md.AppendLine(Invariant($"Machine: {Machine}. Input: {Input.Description}, {Input.Bytes / 1048576.0:N1} MiB in {Input.Chunks.Count:N0} chunks of ≤ {Options.ChunkBytes / 1024} KiB."));
        md.AppendLine();
        md.AppendLine("| measure | value |");
        md.AppendLine("|---|---|");
        md.AppendLine(Invariant($"| push (first call → last broker ack) | {(Push.Finished - Push.Started).TotalSeconds:N1} s, {Input.Lines / (Push.Finished - Push.Started).TotalSeconds:N0} lines/s |"));
        md.AppendLine(Invariant($"| **end to end** (lines accounted for ÷ time from the first push to the last row or dead letter stored) | {EndToEnd.TotalSeconds:N1} s, **{LinesPerSecond:N0} lines/s**{(IdentityHolds ? "" : Invariant($" (lines in ÷ time would be {Input.Lines / EndToEnd.TotalSeconds:N0}, but lines were lost)"))}{(Drained ? "" : " (did not drain within the timeout)")} |"));
        md.AppendLine(Invariant($"| sustained (chunks but each source's last, whose final event waits for the repeat and multi-line windows) | {Format(SustainedLinesPerSecond, "N0", " lines/s")} |"));
        md.AppendLine(Invariant($"| push-to-row latency per chunk (ack → look that saw its last row; looks every {RowWatcher.Interval.TotalMilliseconds:N0} ms) | {LatencyText} |"));
        if (Copy is { } copy)
        {
            md.AppendLine(Invariant($"| COPY ceiling, same server, same run ({copy.Rows:N0} rows of the stored shape, binary) | plain table {copy.PlainRowsPerSecond:N0} rows/s; `LIKE logs INCLUDING ALL` {copy.IndexedRowsPerSecond:N0} rows/s |"));
            md.AppendLine(Invariant($"| **end to end / COPY** | **{LinesPerSecond / copy.IndexedRowsPerSecond:P1} of COPY into the indexed copy**; {LinesPerSecond / copy.PlainRowsPerSecond:P1} of COPY into the plain table |"));
        }
        else
        {
            md.AppendLine("| COPY ceiling | not measured: no row was stored to copy the shape of |");
        }

        foreach (var (name, usage) in Usage)
        {
            md.AppendLine(Invariant($"| {name} CPU (push start → drained) and peak memory | {usage.CpuSeconds:N1} s CPU = {usage.CpuSeconds * 1e6 / Math.Max(1, a.Accounted):N0} µs per line accounted for, {usage.CpuSeconds / EndToEnd.TotalSeconds:N2} cores on average; peak {usage.PeakMemoryMiB:N0} MiB |"));
        }

        foreach (var step in Steps)
        {
            md.AppendLine(Invariant($"| worker step `{step.Step}`: time in it (summed; writes in flight overlap) | {step.BusySeconds:N1} s = {step.BusySeconds / EndToEnd.TotalSeconds:P0} of end to end; {step.Timed:N0} × {step.MillisecondsEach:N0} ms, {step.Records:N0} Kafka records |"));
        }

        var reads = LatencySummary.Of(Lag.Count, [.. Lag.Select(s => s.ReadTime)]);
        md.AppendLine(Invariant($"| one lag reading (what flow control waits for each time it looks; {reads.Observed:N0} readings) | p50 {reads.P50Ms:N0} ms, p99 {reads.P99Ms:N0} ms, max {reads.MaxMs:N0} ms |"));
        md.AppendLine(Invariant($"| max lag (records) | {string.Join("; ", Groups.Select(g => $"{g} {Lag.Select(s => s.LagByGroup.GetValueOrDefault(g)).DefaultIfEmpty().Max():N0}"))} |"));
        var gaps = a.OffsetGapsByTopic.Count == 0 ? "0" : string.Join(", ", a.OffsetGapsByTopic.Select(kv => Invariant($"{kv.Key} {kv.Value:N0}")));
        var retained = string.Join("; ", Retained.Select(r => Invariant($"{r.Topic} {r.Deleted:N0} deleted, {r.MostKept:N0} kept")));
        md.AppendLine(Invariant($"| records the broker deleted to stay within its retention (low watermarks; a loss only if no consumer had fetched them), and the most one partition still held / worker's offset-gap counter (records) | {retained} / {gaps} |"));
        md.AppendLine(Invariant($"| **identity** lines in = rows + merged lines + collapsed repeats + dead letters + filtered | {Input.Lines:N0} {(IdentityHolds ? "=" : "≠")} {a.Rows:N0} + {a.MergedLines:N0} + {a.CollapsedRepeats:N0} + {a.DeadLetters:N0} + {a.Filtered:N0} = {a.Accounted:N0}: **{(IdentityHolds ? "holds" : $"FAILS, {Input.Lines - a.Accounted:N0} lines ({(Input.Lines - a.Accounted) / (double)Input.Lines:P1}) unaccounted")}** |"));
        if (a.DeadLettersByStep.Count > 0)
        {
            md.AppendLine(Invariant($"| dead letters by step | {string.Join(", ", a.DeadLettersByStep.Select(kv => $"{kv.Key} {kv.Value:N0}"))} |"));
        }

        if (UnseenRows != 0)
        {
            md.AppendLine(Invariant($"| rows the latency looks missed (committed behind a look) | {UnseenRows:N0} |"));
        }

        md.AppendLine();
        md.AppendLine("Consumer lag over time (records; seconds from the first push, negative = before it):");
        md.AppendLine();
        md.AppendLine($"| t (s) | {string.Join(" | ", Groups)} |");
        md.AppendLine($"|---|{string.Concat(Groups.Select(_ => "---|"))}");
        foreach (var sample in Thin(Lag))
        {
            md.AppendLine(Invariant($"| {Math.Round((sample.At - Push.Started).TotalSeconds) + 0.0:N0} | {string.Join(" | ", Groups.Select(g => sample.LagByGroup.GetValueOrDefault(g).ToString("N0", CultureInfo.InvariantCulture)))} |"));
        }

        return md.ToString();
    }

    private string Rate => Options.Rate is { } rate ? Invariant($"{rate:N0} lines/s") : "unlimited";

    private string LatencyText => Latency.Unavailable is { } why
        ? $"n/a: {why}"
        : Invariant($"p50 {Latency.P50Ms / 1000:N2} s, p99 {Latency.P99Ms / 1000:N2} s, max {Latency.MaxMs / 1000:N2} s ({Latency.Observed:N0} of {Latency.Chunks:N0} chunks had rows)");

    private static string Format(double? value, string format, string unit) =>
        value is { } v ? v.ToString(format, CultureInfo.InvariantCulture) + unit : "n/a (some chunks have no stored row)";

    /// <summary>About <see cref="LagRows"/> samples spread evenly over the run, always with the first, the largest total and the last.</summary>
    private static IEnumerable<LagSample> Thin(IReadOnlyList<LagSample> samples)
    {
        if (samples.Count <= LagRows)
        {
            return samples;
        }

        var peak = samples.MaxBy(s => s.LagByGroup.Values.Sum())!;
        return Enumerable.Range(0, LagRows).Select(i => samples[(int)((long)i * (samples.Count - 1) / (LagRows - 1))])
            .Append(peak)
            .Distinct()
            .OrderBy(s => s.At);
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
