using BenchmarkDotNet.Attributes;
using FaultMaven.Analysis.Masking;
using FaultMaven.Analysis.Tests;

namespace FaultMaven.Benchmarks;

/// <summary>
/// Masking one line with the built-in rules, per Loghub sample: <see cref="Masker.MaskLine"/> (one scan for every rule's
/// trigger words, then only the rules that can match) against the baseline of applying each rule in turn, each
/// scanning for its own trigger words, which is what the masker did before.
/// </summary>
[MemoryDiagnoser]
public class MaskingBenchmarks
{
    private readonly Masker masker = new(MaskingOptions.Default);
    private string[] lines = [];

    [Params("HDFS", "OpenSSH", "Spark", "Thunderbird")]
    public string Dataset { get; set; } = "HDFS";

    [GlobalSetup]
    public void Setup() => lines = File.ReadAllLines(TestData.Path("loghub-2k", Dataset, $"{Dataset}_2k.log"));

    [Benchmark(Baseline = true, OperationsPerInvoke = 2000)]
    public int EveryRuleInTurn()
    {
        var length = 0;
        foreach (var line in lines)
        {
            var masked = line;
            foreach (var rule in MaskingRules.BuiltIn)
            {
                masked = rule.Apply(masked);
            }

            length += masked.Length;
        }

        return length;
    }

    [Benchmark(OperationsPerInvoke = 2000)]
    public int Masker()
    {
        var length = 0;
        var insidePrivateKey = false;
        foreach (var line in lines)
        {
            length += masker.MaskLine(line, ref insidePrivateKey).Length;
        }

        return length;
    }
}
