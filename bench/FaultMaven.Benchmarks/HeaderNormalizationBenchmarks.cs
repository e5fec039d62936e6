using System.Text;
using System.Text.RegularExpressions;
using BenchmarkDotNet.Attributes;
using FaultMaven.Analysis.Headers;
using FaultMaven.Analysis.Normalization;
using FaultMaven.Contracts;

namespace FaultMaven.Benchmarks;

/// <summary>Lines of the header kinds the live normalizer learns (HDFS, Hadoop, BGL, Spark, Zookeeper), in records of 1,000 lines, masking on.</summary>
/// <remarks>
/// <see cref="LearnedSource"/> is the stream's steady state: the source's header is already in its state.
/// <see cref="FirstRecord"/> includes learning it from the record's first lines (what <see cref="LogNormalizer.Normalize"/> does for every record).
/// </remarks>
[MemoryDiagnoser]
public class HeaderNormalizationBenchmarks
{
    private const int LinesPerRecord = 1000;

    private static readonly Dictionary<string, Func<Random, int, string>> LineMakers = new()
    {
        ["hdfs"] = (random, i) => $"081109 {20 + (i / 3600 % 4):00}{i / 60 % 60:00}{i % 60:00} {random.Next(20, 30000)} INFO dfs.DataNode$PacketResponder: Received block blk_{random.NextInt64()} of size {random.Next(67108864)} from /10.251.{random.Next(255)}.{random.Next(255)}",
        ["hadoop"] = (random, i) => $"2015-10-18 18:{i / 60 % 60:00}:{i % 60:00},{random.Next(1000):000} INFO [RMCommunicator Allocator] org.apache.hadoop.mapreduce.v2.app.rm.RMContainerAllocator: Recalculating schedule, headroom=<memory:{random.Next(9000)}, vCores:-27>",
        ["bgl"] = (random, i) => $"- {1117838570 + i} 2005.06.03 R02-M1-N0-C:J12-U11 2005-06-03-15.42.50.{random.Next(999999):000000} R02-M1-N0-C:J12-U11 RAS KERNEL INFO {random.Next(1, 9)} ddr error(s) detected and corrected on rank 0, symbol {random.Next(40)}, bit {random.Next(8)}",
        ["spark"] = (random, i) => $"17/06/09 20:{i / 60 % 60:00}:{i % 60:00} INFO storage.BlockManager: Found block rdd_{random.Next(50)}_{random.Next(50)} locally",
        ["zookeeper"] = (random, i) => $"2015-07-29 17:{i / 60 % 60:00}:{i % 60:00},{random.Next(1000):000} - INFO  [NIOServerCxn.Factory:0.0.0.0/0.0.0.0:2181:NIOServerCnxnFactory@197] - Accepted socket connection from /10.10.34.{random.Next(255)}:{random.Next(65535)}",
    };

    private readonly LogNormalizer normalizer = new();
    private RawRecord record = null!;
    private SourceState learned = null!;

    [ParamsSource(nameof(Formats))]
    public string Format { get; set; } = "hdfs";

    public static IEnumerable<string> Formats => LineMakers.Keys;

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(42);
        var text = string.Join('\n', Enumerable.Range(0, LinesPerRecord).Select(i => LineMakers[Format](random, i)));
        record = new RawRecord("bench", Encoding.UTF8.GetBytes(text), new RawOffset(Topics.Raw, 0, 0), new DateTimeOffset(2024, 1, 2, 16, 0, 0, TimeSpan.Zero));
        learned = normalizer.Accept(record, SourceState.Empty).State with { Pending = null };
    }

    [Benchmark(OperationsPerInvoke = LinesPerRecord)]
    public NormalizationResult LearnedSource() => normalizer.Accept(record, learned).Result;

    [Benchmark(OperationsPerInvoke = LinesPerRecord)]
    public NormalizationResult FirstRecord() => normalizer.Normalize(record);
}

/// <summary>The per-line header parse alone: the hand-written matcher against the regular expression the offline commands used (NonBacktracking), on HDFS lines.</summary>
[MemoryDiagnoser]
public class HeaderParseBenchmarks
{
    private const string Layout = "<Date> <Time> <Pid> <Level> <Component>: <Content>";

    // The expression HeaderFormat compiled before the hand-written matcher, as logparser spells it.
    private static readonly Regex OfflineRegex = new(@"^(?<Date>.*?)\s+(?<Time>.*?)\s+(?<Pid>.*?)\s+(?<Level>.*?)\s+(?<Component>.*?):\s+(?<Content>.*?)$", RegexOptions.NonBacktracking | RegexOptions.CultureInvariant);

    private readonly HeaderFormat format = HeaderFormat.Parse(Layout);
    private readonly DateTimeOffset receivedAt = new(2024, 1, 2, 16, 0, 0, TimeSpan.Zero);
    private string[] lines = null!;

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(42);
        lines = [.. Enumerable.Range(0, 1000).Select(i => $"081109 {20 + (i / 3600 % 4):00}{i / 60 % 60:00}{i % 60:00} {random.Next(20, 30000)} INFO dfs.DataNode$PacketResponder: Received block blk_{random.NextInt64()} of size {random.Next(67108864)} from /10.251.{random.Next(255)}.{random.Next(255)}")];
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = 1000)]
    public int OfflineRegexContent()
    {
        var total = 0;
        foreach (var line in lines)
        {
            total += OfflineRegex.Match(line.Trim()).Groups["Content"].Length;
        }

        return total;
    }

    [Benchmark(OperationsPerInvoke = 1000)]
    public int MatcherContent()
    {
        var total = 0;
        foreach (var line in lines)
        {
            total += format.ContentOf(line)!.Length;
        }

        return total;
    }

    [Benchmark(OperationsPerInvoke = 1000)]
    public int ReadLevelTimestampAndContent()
    {
        var total = 0;
        foreach (var line in lines)
        {
            total += format.Read(line, receivedAt)!.Content.Length;
        }

        return total;
    }
}
