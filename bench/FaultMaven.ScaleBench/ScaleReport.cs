using System.Globalization;
using System.Text;

namespace FaultMaven.ScaleBench;

/// <summary>Everything one run measured, written as a markdown section for docs/benchmarks.md; growth is given as ratios to the first step of the same run.</summary>
public sealed class ScaleReport(string command, DateTimeOffset started)
{
    public List<Level> Levels { get; } = [];

    public (int Texts, TimeSpan Elapsed) Embedding { get; set; }

    public BurstResult? Burst { get; set; }

    public string ToMarkdown()
    {
        var md = new StringBuilder();
        var first = Levels[0];
        md.AppendLine(Inv($"## API at scale: {string.Join(" → ", Levels.Select(l => Size(l.Rows)))} log rows ({started:yyyy-MM-dd HH:mm} UTC)"));
        md.AppendLine();
        md.AppendLine(Inv($"`{command}` on {Environment.ProcessorCount} cores, load average {File.ReadAllText("/proc/loadavg").Split(' ')[0]} at the end; PostgreSQL with default settings (scripts/lib/postgres.sh), API Release build over keep-alive HTTPS (TLS 1.3, self-signed), {string.Join("/", first.Latencies.Select(l => l.Clients).Distinct())} closed-loop clients."));
        md.AppendLine();
        md.AppendLine(Inv($"Embedding: {Embedding.Texts:N0} distinct incident texts with MiniLM in {Embedding.Elapsed.TotalSeconds:F1} s ({Embedding.Texts / Embedding.Elapsed.TotalSeconds:F0} texts/s); every other incident vector is one of them plus Gaussian noise of relative size {IncidentVectors.Noise} (cosine ≈ 0.94 to its base), normalized."));
        md.AppendLine();
        md.AppendLine("| step | fill | rows | s | rows/s | rate vs step 1 |");
        md.AppendLine("|---|---|---|---|---|---|");
        foreach (var (level, step) in Levels.Select((l, i) => (l, i + 1)))
        {
            foreach (var fill in level.Fills)
            {
                var baseline = first.Fills.First(f => f.What == fill.What).RowsPerSecond;
                md.AppendLine(Inv($"| {step} | {fill.What} | {fill.Rows:N0} | {fill.Elapsed.TotalSeconds:F1} | {fill.RowsPerSecond:N0} | {fill.RowsPerSecond / baseline:F2} |"));
            }

            md.AppendLine(Inv($"| {step} | VACUUM ANALYZE | | {level.Vacuum.TotalSeconds:F1} | | |"));
        }

        md.AppendLine();
        md.AppendLine("Latency, ms (p50 / p95 / p99), requests/s and the API process's CPU ms per request, per step; the last column is p95 at the last step over p95 at step 1.");
        md.AppendLine();
        md.AppendLine("| request | clients | " + string.Join(" | ", Levels.Select(l => Inv($"{Size(l.Rows)} rows, {Size(l.Incidents)} incidents"))) + " | p95 ratio |");
        md.AppendLine("|---|---|" + string.Concat(Levels.Select(_ => "---|")) + "---|");
        foreach (var result in first.Latencies)
        {
            var cells = Levels.Select(l => l.Latencies.First(r => r.Scenario == result.Scenario && r.Clients == result.Clients))
                .Select(r => Inv($"{r.P50:F1} / {r.P95:F1} / {r.P99:F1}, {r.PerSecond:F0}/s, {r.CpuMsPerRequest:F1} ms CPU{(r.IndexMs is { } indexMs ? $", index {indexMs:F2} ms/search (p95 {r.P95 / indexMs:F0}×)" : "")}{(r.EmbedMs is { } embedMs ? $", embedding {embedMs:F2} ms/search, {r.CacheHits:P0} cached" : "")}{(r.Failures.Length > 0 ? $" ({r.Failures})" : "")}")).ToList();
            var last = Levels[^1].Latencies.First(r => r.Scenario == result.Scenario && r.Clients == result.Clients);
            md.AppendLine(Inv($"| {result.Scenario} | {result.Clients} | {string.Join(" | ", cells)} | {last.P95 / result.P95:F2} |"));
        }

        md.AppendLine();
        md.AppendLine("API process: seconds from its start to `/healthz` answering with a token issued, and to its vector index rebuilt from PostgreSQL (its `faultmaven_vectorstore_vectors` gauge at the incident count); resident memory at start and after the latency runs (peak in brackets).");
        md.AppendLine();
        md.AppendLine("| step | incidents | healthy, s | index rebuilt, s | RSS at start, MiB | RSS after (peak), MiB |");
        md.AppendLine("|---|---|---|---|---|---|");
        foreach (var (level, step) in Levels.Select((l, i) => (l, i + 1)))
        {
            md.AppendLine(Inv($"| {step} | {level.Incidents:N0} | {level.ApiHealthy.TotalSeconds:F1} | {level.IndexRebuild.TotalSeconds:F1} | {level.MemoryAtStart:F0} | {level.MemoryAfterLatency.Resident:F0} ({level.MemoryAfterLatency.Peak:F0}) |"));
        }

        md.AppendLine();
        md.AppendLine("`EXPLAIN (ANALYZE, BUFFERS)`, execution time in ms of the second (warm) run; \"without\" drops the named index of migration 0150 in a rolled-back transaction.");
        md.AppendLine();
        md.AppendLine("| query | " + string.Join(" | ", Levels.Select(l => Size(l.Rows) + " rows")) + " | plan at the last step |");
        md.AppendLine("|---|" + string.Concat(Levels.Select(_ => "---|")) + "---|");
        foreach (var plan in first.Plans)
        {
            var cells = Levels.Select(l => l.Plans.First(p => p.Name == plan.Name && p.WithoutIndex == plan.WithoutIndex).ExecutionMs.ToString("F2", CultureInfo.InvariantCulture));
            var lastPlan = Levels[^1].Plans.First(p => p.Name == plan.Name && p.WithoutIndex == plan.WithoutIndex);
            md.AppendLine(Inv($"| {plan.Name}{(plan.WithoutIndex is null ? "" : $" (without {plan.WithoutIndex})")} | {string.Join(" | ", cells)} | {lastPlan.Summary.Replace("|", "\\|", StringComparison.Ordinal)} |"));
        }

        md.AppendLine();
        md.AppendLine("Vector index (USearch HNSW, the embedded store's settings) against exact search, queries embedded from incident texts that are no vector's base:");
        md.AppendLine();
        AppendRecallTable(md, Levels.Where(l => l.Recall is not null).Select(l => l.Recall!));

        if (Burst is { } burst)
        {
            md.AppendLine();
            md.AppendLine(Inv($"Analysis burst (step 1, `FaultMaven:AnalysisConcurrency` Permits 2, QueueLimit 64): {burst.Pastes} parallel `/logs/analyze` pastes of {burst.PasteMiB:F1} MiB answered {burst.Statuses} in {burst.Elapsed.TotalSeconds:F1} s; slowest `/healthz` meanwhile {burst.SlowestHealthMs:F0} ms; API resident memory {burst.BeforeMiB:F0} MiB before, {burst.PeakMiB:F0} MiB at peak, {burst.AfterMiB:F0} MiB {burst.AfterSeconds} s after."));
        }

        md.AppendLine();
        md.AppendLine("<details><summary>Plans at the last step</summary>");
        md.AppendLine();
        md.AppendLine("```");
        foreach (var plan in Levels[^1].Plans)
        {
            md.AppendLine(Inv($"-- {plan.Name}{(plan.WithoutIndex is null ? "" : $" (without {plan.WithoutIndex})")}"));
            md.AppendLine(plan.Plan);
        }

        md.AppendLine("```");
        md.AppendLine();
        md.AppendLine("</details>");
        return md.ToString();
    }

    /// <summary>A vectors-only run (<c>--vectors-only</c>): the index at each size and setting, nothing else.</summary>
    public string ToVectorMarkdown(IEnumerable<RecallResult> results)
    {
        var md = new StringBuilder();
        md.AppendLine(Inv($"## Vector index at scale ({started:yyyy-MM-dd HH:mm} UTC)"));
        md.AppendLine();
        md.AppendLine(Inv($"`{command}` on {Environment.ProcessorCount} cores, load average {File.ReadAllText("/proc/loadavg").Split(' ')[0]} at the end."));
        md.AppendLine();
        md.AppendLine(Inv($"Embedding: {Embedding.Texts:N0} distinct incident texts with MiniLM (or read from the cache) in {Embedding.Elapsed.TotalSeconds:F1} s; every other incident vector is one of them plus Gaussian noise of relative size {IncidentVectors.Noise} (cosine ≈ 0.94 to its base), normalized."));
        md.AppendLine();
        AppendRecallTable(md, results);
        return md.ToString();
    }

    // One row per graph and search expansion. Crowding: vectors within 0.01 cosine of the exact 10th, the near-ties
    // among which "the exact top 10" is an arbitrary pick; tie-aware recall counts an answer as near as the 10th.
    private static void AppendRecallTable(StringBuilder md, IEnumerable<RecallResult> results)
    {
        md.AppendLine("| vectors | M | ef add | build threads | build, s | RSS added, MiB | USearch, MiB | crowding | ef search | recall@10 | tie-aware recall@10 | same-kind recall@10 | 10th cosine gap | index, ms/query | exact, ms/query |");
        md.AppendLine("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|");
        foreach (var r in results)
        {
            foreach (var e in r.ByExpansion)
            {
                md.AppendLine(Inv($"| {r.Vectors:N0} | {r.Hnsw.Connectivity} | {r.Hnsw.ExpansionAdd} | {r.Threads} | {r.Build.TotalSeconds:F1} | {r.MemoryMiB:F0} | {r.IndexMiB:F0} | {r.Crowding:F1} | {e.ExpansionSearch} | {e.RecallAt10:F3} | {e.TieRecallAt10:F3} | {e.KindRecallAt10:F3} | {e.CosineGap:F4} | {e.IndexQueryMs:F2} | {r.ExactQueryMs:F1} |"));
            }
        }
    }

    private static string Size(long n) => n >= 1_000_000 && n % 1_000_000 == 0 ? Inv($"{n / 1_000_000} M") : n >= 1000 && n % 1000 == 0 ? Inv($"{n / 1000} k") : Inv($"{n}");

    private static string Inv(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    /// <summary>One step of the run: the store's size and what was measured at it.</summary>
    public sealed class Level(long rows, int incidents, long findings)
    {
        public long Rows => rows;

        public int Incidents => incidents;

        public long Findings => findings;

        public List<FillResult> Fills { get; } = [];

        public TimeSpan Vacuum { get; set; }

        public List<QueryPlan> Plans { get; } = [];

        public RecallResult? Recall { get; set; }

        public TimeSpan IndexRebuild { get; set; }

        public TimeSpan ApiHealthy { get; set; }

        public double MemoryAtStart { get; set; }

        public (double Resident, double Peak) MemoryAfterLatency { get; set; }

        public List<LatencyResult> Latencies { get; } = [];
    }
}
