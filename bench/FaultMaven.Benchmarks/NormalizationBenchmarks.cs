using System.Text;
using BenchmarkDotNet.Attributes;
using FaultMaven.Analysis.Masking;
using FaultMaven.Analysis.Normalization;
using FaultMaven.Contracts;

namespace FaultMaven.Benchmarks;

/// <summary>Lines per second and bytes allocated per line of <see cref="LogNormalizer"/>, per format, with and without masking.</summary>
[MemoryDiagnoser]
public class NormalizationBenchmarks
{
    private const int LinesPerRecord = 1000;

    private static readonly Dictionary<string, Func<Random, int, string>> LineMakers = new()
    {
        ["plain"] = (random, i) => $"2024-01-02T10:00:{i % 60:00}.{random.Next(1000):000}Z worker {random.Next(64)} finished batch {i} in {random.Next(900)} ms",
        ["log4j"] = (random, i) => $"2024-01-02 10:00:{i % 60:00},{random.Next(1000):000} [pool-{random.Next(8)}-thread-1] INFO  com.example.orders.OrderService - order {i} shipped to warehouse {random.Next(40)}",
        ["json"] = (random, i) => $$"""{"ts":"2024-01-02T10:00:{{i % 60:00}}.{{random.Next(1000):000}}Z","level":"info","msg":"request served","service":"api","host":"web-{{random.Next(9)}}","status":200,"duration_ms":{{random.Next(900)}},"path":"/api/orders/{{i}}"}""",
        ["logfmt"] = (random, i) => $"time=2024-01-02T10:00:{i % 60:00}Z level=info msg=\"request served\" path=/api/orders/{i} status=200 duration={random.Next(900)}ms",
        ["syslog"] = (random, i) => $"<30>Jan  2 10:00:{i % 60:00} web-{random.Next(9)} nginx[{random.Next(9000)}]: worker {random.Next(64)} accepted connection {i}",
        ["access"] = (random, i) => $"10.0.{random.Next(255)}.{random.Next(255)} - - [02/Jan/2024:10:00:{i % 60:00} +0000] \"GET /api/orders/{i} HTTP/1.1\" 200 {random.Next(9000)} \"-\" \"curl/8.0\"",
        ["java-stack"] = (random, i) => i % 10 == 0 ? $"2024-01-02 10:00:{i % 60:00},000 [main] ERROR com.example.App - request {i} failed" : $"\tat com.example.Layer{i % 10}.call(Layer{i % 10}.java:{random.Next(400)})",
    };

    private LogNormalizer normalizer = null!;
    private RawRecord record = null!;

    [ParamsSource(nameof(Formats))]
    public string Format { get; set; } = "plain";

    [Params(true, false)]
    public bool Masking { get; set; }

    public static IEnumerable<string> Formats => LineMakers.Keys;

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(42);
        var text = string.Join('\n', Enumerable.Range(0, LinesPerRecord).Select(i => LineMakers[Format](random, i)));
        record = new RawRecord("bench", Encoding.UTF8.GetBytes(text), new RawOffset(Topics.Raw, 0, 0), new DateTimeOffset(2024, 1, 2, 16, 0, 0, TimeSpan.Zero));
        normalizer = new LogNormalizer(new NormalizerOptions { Masking = Masking ? MaskingOptions.Default : MaskingOptions.None });
    }

    [Benchmark(OperationsPerInvoke = LinesPerRecord)]
    public NormalizationResult NormalizeLine() => normalizer.Normalize(record);
}
