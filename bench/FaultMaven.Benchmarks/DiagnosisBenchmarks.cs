using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Engines;
using FaultMaven.Agents.Knowledge;
using FaultMaven.Agents.LogAnalysis;
using FaultMaven.Agents.Troubleshooting;
using FaultMaven.Analysis.Tests;
using FaultMaven.Contracts;
using FaultMaven.Retrieval.Embeddings;

namespace FaultMaven.Benchmarks;

/// <summary>
/// What matching by meaning adds to a <c>POST /query</c>: ranking the root causes of the same 1,000-line paste as
/// <see cref="QueryLatencyBenchmarks"/> (Loghub's Spark sample, analysed once in setup) with signatures only, and with
/// signatures plus <see cref="EmbeddingMeaningMatcher"/> (in-process MiniLM, the knowledge base embedded in setup).
/// Per request, so the percentiles are per request:
/// <c>dotnet run -c Release --project bench/FaultMaven.Benchmarks -- --filter '*DiagnosisBenchmarks*' --inProcess</c>.
/// </summary>
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 5, iterationCount: 60)]
[Config(typeof(PercentileColumns))]
public class DiagnosisBenchmarks
{
    private MiniLmEmbeddingGenerator embedder = null!;
    private TroubleshootingAgent signaturesOnly = null!;
    private TroubleshootingAgent withMeaning = null!;
    private LogAnalysisResult analysis = null!;

    [GlobalSetup]
    public void Setup()
    {
        var knowledge = KnowledgeBaseLoader.LoadBuiltIn();
        embedder = new MiniLmEmbeddingGenerator();
        var started = System.Diagnostics.Stopwatch.StartNew();
        var meaning = new EmbeddingMeaningMatcher(knowledge, embedder);
        Console.WriteLine($"// embedding the knowledge base took {started.ElapsedMilliseconds} ms");
        signaturesOnly = new TroubleshootingAgent(knowledge);
        withMeaning = new TroubleshootingAgent(knowledge, meaning: meaning);
        var logs = string.Join('\n', File.ReadLines(TestData.Path("loghub-2k", "Spark", "Spark_2k.log")).Take(QueryLatencyBenchmarks.PastedLines));
        analysis = new LogAnalysisAgent().Analyze([new LogDocument("spark.log", logs)], DateTimeOffset.UnixEpoch);
    }

    [GlobalCleanup]
    public void Cleanup() => embedder.Dispose();

    [Benchmark(Baseline = true)]
    public int Diagnose_with_signatures_only() => signaturesOnly.Diagnose(analysis.Events, analysis.Findings, FeedbackHistory.Empty).Count;

    [Benchmark]
    public int Diagnose_with_signatures_and_meaning() => withMeaning.Diagnose(analysis.Events, analysis.Findings, FeedbackHistory.Empty).Count;

    private sealed class PercentileColumns : ManualConfig
    {
        public PercentileColumns() => AddColumn(StatisticColumn.P50, StatisticColumn.P95);
    }
}
