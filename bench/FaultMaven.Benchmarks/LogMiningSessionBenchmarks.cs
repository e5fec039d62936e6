using BenchmarkDotNet.Attributes;
using FaultMaven.Analysis.Headers;
using FaultMaven.Analysis.Templates;
using FaultMaven.Analysis.Tests;

namespace FaultMaven.Benchmarks;

/// <summary>
/// What <c>fm templates --format</c> does per raw line once the file is in memory: find the content with the header
/// layout and mine it (<see cref="LogMiningSession"/>), against the same lines split on spaces as the baseline, and
/// the header found the old way (the layout's regular expression, which the scanner replaced) for the scanner's ratio.
/// The 84k-line HDFS log of tests/data with its Loghub layout, mined from an empty session each invocation.
/// </summary>
[MemoryDiagnoser]
public class LogMiningSessionBenchmarks
{
    private static readonly HeaderFormat Hdfs = HeaderFormat.Parse("<Date> <Time> <Pid> <Level> <Component>: <Content>");

    private string[] lines = [];

    [GlobalSetup]
    public void LoadLines() => lines = TestData.ReadGzipLines("hdfs", "HDFS.log.gz");

    [Benchmark(Baseline = true)]
    public int SplitOnSpaces() => SplitBaseline.CountTokens(lines);

    [Benchmark]
    public int FindContent()
    {
        var offsets = 0;
        foreach (var line in lines)
        {
            offsets += Hdfs.TryGetContent(line, out var content) ? content.Start.Value : 0;
        }

        return offsets;
    }

    [Benchmark]
    public int FindContentWithRegex()
    {
        var offsets = 0;
        Span<Range> fields = stackalloc Range[Hdfs.Fields.Count];
        foreach (var line in lines)
        {
            offsets += Hdfs.TryMatchRegex(line.AsSpan().Trim(), fields) ? fields[^1].Start.Value : 0;
        }

        return offsets;
    }

    [Benchmark]
    public int FindContentAndMine()
    {
        var session = new LogMiningSession(Hdfs);
        var checksum = 0;
        foreach (var line in lines)
        {
            checksum += session.Add(line);
        }

        return checksum;
    }
}
