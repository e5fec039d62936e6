using BenchmarkDotNet.Attributes;
using FaultMaven.Analysis.Headers;
using FaultMaven.Analysis.Templates;
using FaultMaven.Analysis.Tests;

namespace FaultMaven.Benchmarks;

/// <summary>
/// Template mining speed per line, headers already removed, against plain
/// <see cref="string.Split(char, StringSplitOptions)"/> tokenization of the same lines as the baseline.
/// HDFS is the 84k-line HDFS log of tests/data (few templates, long runs); Loghub is the eight 2k-line Loghub samples one
/// after another (16k lines, about 800 templates), where a large share of the lines creates or changes a template.
/// </summary>
[MemoryDiagnoser]
public class TemplateMinerBenchmarks
{
    private static readonly string[] LoghubDatasets = ["HDFS", "Spark", "Thunderbird", "Android", "HealthApp", "Proxifier", "OpenSSH", "Mac"];

    private string[] contents = [];
    private TemplateMiner warmMiner = new();

    [Params("HDFS", "Loghub")]
    public string Corpus { get; set; } = "HDFS";

    [GlobalSetup]
    public void LoadContents()
    {
        contents = Corpus == "HDFS" ? ContentsOf(TestData.ReadGzipLines("hdfs", "HDFS.log.gz")) : [.. LoghubDatasets.SelectMany(LoghubContents)];
        warmMiner = new TemplateMiner();
        foreach (var content in contents)
        {
            warmMiner.Add(content);
        }
    }

    [Benchmark(Baseline = true)]
    public int SplitOnSpaces() => SplitBaseline.CountTokens(contents);

    [Benchmark]
    public int AddKnownMessages() => AddAll(warmMiner);

    [Benchmark]
    public int MineFromEmpty() => AddAll(new TemplateMiner());

    private int AddAll(TemplateMiner miner)
    {
        var checksum = 0;
        foreach (var content in contents)
        {
            checksum += miner.Add(content).TemplateId;
        }

        return checksum;
    }

    private static string[] LoghubContents(string dataset) => ContentsOf(File.ReadAllLines(TestData.Path("loghub-2k", dataset, $"{dataset}_2k.log")));

    private static string[] ContentsOf(string[] lines)
    {
        var header = HeaderDetector.Detect([.. lines.Take(LogMining.DetectionSampleSize)]).Format;
        return [.. lines.Select(line => header.ContentOf(line) ?? line)];
    }
}
