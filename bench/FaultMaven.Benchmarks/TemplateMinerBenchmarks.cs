using BenchmarkDotNet.Attributes;
using FaultMaven.Analysis.Headers;
using FaultMaven.Analysis.Templates;
using FaultMaven.Analysis.Tests;

namespace FaultMaven.Benchmarks;

/// <summary>
/// Template mining speed per line of the shared HDFS log (84k lines, header already removed), against plain
/// <see cref="string.Split(char, StringSplitOptions)"/> tokenization of the same lines as the baseline.
/// </summary>
[MemoryDiagnoser]
public class TemplateMinerBenchmarks
{
    private const int Lines = 83_973;

    private string[] _contents = [];
    private TemplateMiner _warmMiner = new();

    [GlobalSetup]
    public void LoadContents()
    {
        var header = HeaderFormat.Parse("<Date> <Time> <Pid> <Level> <Component>: <Content>");
        _contents = [.. File.ReadLines(SharedData.Path("data", "hdfs", "HDFS.log")).Select(line => header.ContentOf(line) ?? line).Take(Lines)];
        _warmMiner = new TemplateMiner();
        foreach (var content in _contents)
        {
            _warmMiner.Add(content);
        }
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Lines)]
    public int SplitOnSpaces()
    {
        var tokens = 0;
        foreach (var content in _contents)
        {
            tokens += content.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;
        }

        return tokens;
    }

    [Benchmark(OperationsPerInvoke = Lines)]
    public int AddKnownMessages()
    {
        var checksum = 0;
        foreach (var content in _contents)
        {
            checksum += _warmMiner.Add(content).TemplateId;
        }

        return checksum;
    }

    [Benchmark(OperationsPerInvoke = Lines)]
    public int MineFromEmpty()
    {
        var miner = new TemplateMiner();
        var checksum = 0;
        foreach (var content in _contents)
        {
            checksum += miner.Add(content).TemplateId;
        }

        return checksum;
    }
}
