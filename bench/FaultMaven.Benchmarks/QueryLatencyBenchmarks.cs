using System.Net.Http.Json;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Engines;
using FaultMaven.Analysis.Tests;

namespace FaultMaven.Benchmarks;

/// <summary>
/// <c>POST /query</c> with a question and a 1,000-line paste (Loghub's Spark sample) against a running API
/// (<c>FAULTMAVEN_API_URL</c>, default https://127.0.0.1:5443, with a responder's bearer token in
/// <c>FAULTMAVEN_API_TOKEN</c>; trust run.sh's local CA with <c>SSL_CERT_FILE</c>), without an LLM: normalization, template mining, detectors,
/// signature matching, feedback from PostgreSQL and a MiniLM similar-incident search. One request per iteration, so the
/// percentiles are per request.
/// </summary>
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 10, iterationCount: 200)]
[Config(typeof(PercentileColumns))]
public class QueryLatencyBenchmarks
{
    public const int PastedLines = 1_000;

    private HttpClient client = null!;
    private object query = null!;

    [GlobalSetup]
    public void Setup()
    {
        client = new HttpClient { BaseAddress = new Uri(Environment.GetEnvironmentVariable("FAULTMAVEN_API_URL") ?? "https://127.0.0.1:5443") };
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue(
            "Bearer", Environment.GetEnvironmentVariable("FAULTMAVEN_API_TOKEN") ?? throw new InvalidOperationException("set FAULTMAVEN_API_TOKEN to a responder's access token"));
        var logs = string.Join('\n', File.ReadLines(TestData.Path("loghub-2k", "Spark", "Spark_2k.log")).Take(PastedLines));
        query = new { question = "why did the spark job fail?", logs };
    }

    [GlobalCleanup]
    public void Cleanup() => client.Dispose();

    [Benchmark]
    public async Task<long> Query_with_a_1000_line_paste()
    {
        using var response = await client.PostAsJsonAsync("/query", query);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadAsByteArrayAsync()).LongLength;
    }

    private sealed class PercentileColumns : ManualConfig
    {
        public PercentileColumns() => AddColumn(StatisticColumn.P50, StatisticColumn.P95);
    }
}
