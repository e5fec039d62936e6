using System.Globalization;
using System.Text.RegularExpressions;
using FaultMaven.Pipeline;
using FaultMaven.Pipeline.Ingestion;

namespace FaultMaven.EndToEnd.Tests;

/// <summary>What the flow-control tests read from a running system: consumer lag, the worker's counters, stored rows.</summary>
public static partial class PipelineProbe
{
    /// <summary>
    /// Lines of random hex, which lz4 barely compresses, so that a few megabytes exceed the dev broker's 5 MiB of
    /// compressed batches per partition (it would keep 17–25 MB of ordinary, compressible log lines).
    /// </summary>
    public static IEnumerable<string> IncompressibleLines(string tag, int count) =>
        Enumerable.Range(0, count).Select(i =>
            $"2026-11-25 10:00:00 INFO {tag} line {i:D6} payload {string.Join(' ', Enumerable.Range(0, 30).Select(_ => Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16))))}");

    public static LagReading Lag(string bootstrapServers)
    {
        using var reader = new ConsumerLagReader(new KafkaOptions { BootstrapServers = bootstrapServers });
        return reader.Read(TimeSpan.FromSeconds(10));
    }

    /// <summary>Sum of a counter on the worker's /metrics over the series whose labels include <paramref name="labels"/> (e.g. <c>topic="logs.raw"</c>).</summary>
    public static async Task<double> WorkerCounter(RunningSystem system, string name, string labels)
    {
        using var http = new HttpClient();
        var text = await http.GetStringAsync(system.WorkerUrl("/metrics"));
        return SeriesLine().Matches(text)
            .Where(m => m.Groups["name"].Value == name && m.Groups["labels"].Value.Contains(labels, StringComparison.Ordinal))
            .Sum(m => double.Parse(m.Groups["value"].Value, CultureInfo.InvariantCulture));
    }

    /// <summary>Rows plus dead letters stored for <paramref name="source"/>: together with counted collapses, every line that went in.</summary>
    public static async Task<long> Accounted(RunningSystem system, string source) =>
        await system.CountRows($"SELECT count(*) FROM logs WHERE source = '{source}'")
        + await system.CountRows($"SELECT count(*) FROM dead_letters WHERE source = '{source}'");

    /// <summary>For a failure message: rows, distinct messages and raw positions, and the dead letters' reasons.</summary>
    public static async Task<string> Describe(RunningSystem system, string source)
    {
        await using var command = system.Database.CreateCommand(
            $"""
            SELECT format('%s rows, %s distinct messages, %s distinct raw positions; dead letters: %s',
                count(*), count(DISTINCT message), count(DISTINCT (raw_partition, raw_offset, raw_index)),
                (SELECT coalesce(string_agg(DISTINCT reason, '; '), 'none') FROM dead_letters WHERE source = '{source}'))
            FROM logs WHERE source = '{source}'
            """);
        return (string)(await command.ExecuteScalarAsync())!;
    }

    [GeneratedRegex(@"^(?<name>[a-z_]+)(?:\{(?<labels>[^}]*)\})? (?<value>[0-9.e+-]+)$", RegexOptions.Multiline)]
    private static partial Regex SeriesLine();
}
