using System.Buffers;
using System.Text;
using BenchmarkDotNet.Attributes;
using FaultMaven.Analysis.Live;
using FaultMaven.Analysis.Normalization;
using FaultMaven.Analysis.Tests;
using FaultMaven.Contracts;
using FaultMaven.Contracts.Avro;

namespace FaultMaven.Benchmarks;

/// <summary>
/// Time and bytes allocated per line of two worker steps every stored line goes through, on the mixed Loghub input of
/// the end-to-end load (the eight <c>tests/data/loghub-2k</c> samples, 512 lines a record as <c>fm push</c> chunks
/// them): the logs sink's decoding of a <c>logs.normalized</c> batch (<see cref="LogEventBatchCodec.Read"/>), and the
/// live-analysis step (<see cref="LiveAnalysis.Analyze"/>: template mining and every streaming detector).
/// </summary>
[MemoryDiagnoser]
public class LogsPathBenchmarks
{
    private const int Lines = 512;

    private static readonly string[] Samples = ["Android", "HDFS", "HealthApp", "Mac", "OpenSSH", "Proxifier", "Spark", "Thunderbird"];

    private byte[] batch = [];
    private LogEvent[] events = [];
    private LiveAnalysis analysis = null!;

    [GlobalSetup]
    public void Setup()
    {
        var normalizer = new LogNormalizer();
        var all = new List<LogEvent>();
        foreach (var sample in Samples)
        {
            var text = string.Join('\n', File.ReadLines(TestData.Path("loghub-2k", sample, $"{sample}_2k.log")).Take(Lines / Samples.Length));
            var record = new RawRecord("load-0", Encoding.UTF8.GetBytes(text), new RawOffset(Topics.Raw, 3, all.Count), DateTimeOffset.UnixEpoch.AddYears(56));
            all.AddRange(normalizer.Normalize(record).Events.Select((e, i) => e with { TemplateId = i % 40, Template = "<*> template" }));
        }

        events = [.. all];
        var output = new ArrayBufferWriter<byte>();
        LogEventBatchCodec.Write(new LogEventBatch("load-0", events), output);
        batch = output.WrittenSpan.ToArray();
        analysis = new LiveAnalysis(new LiveAnalysisOptions());
        foreach (var logEvent in events)
        {
            analysis.Analyze(logEvent);
        }
    }

    [Benchmark(OperationsPerInvoke = Lines)]
    public int DecodeNormalizedBatch() => LogEventBatchCodec.Read(batch).Events.Count;

    [Benchmark(OperationsPerInvoke = Lines)]
    public int AnalyzeLine()
    {
        var findings = 0;
        foreach (var logEvent in events)
        {
            findings += analysis.Analyze(logEvent).Findings.Count;
        }

        return findings;
    }
}
