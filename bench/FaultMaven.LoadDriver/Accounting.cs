using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using FaultMaven.Analysis.Normalization;
using FaultMaven.Contracts;
using FaultMaven.Storage.Encryption;
using Npgsql;

namespace FaultMaven.LoadDriver;

/// <summary>
/// Where the pushed lines went, from what was stored: every non-blank line ends as one row, as a continuation line
/// merged into a row (<c>fm.lines</c> − 1 per row), as a repeat collapsed into a row (<c>fm.repeat</c> − 1 occurrences of
/// its <c>fm.lines</c> lines), as a dead letter, or dropped by a filter rule (not stored; the worker counts it in
/// <c>faultmaven_pipeline_records_total{step="filter",outcome="dropped-…"}</c>).
/// </summary>
public sealed partial record Accounting(long Rows, long MergedLines, long CollapsedRepeats, long DeadLetters, IReadOnlyDictionary<string, long> DeadLettersByStep, long Filtered, IReadOnlyDictionary<string, long> OffsetGapsByTopic)
{
    public long Accounted => Rows + MergedLines + CollapsedRepeats + DeadLetters + Filtered;

    public bool Holds(long linesIn) => Accounted == linesIn;

    /// <summary>Reads every row's sealed attributes (opened with the run's key) and counts dead letters; the worker's metrics give the filtered count.</summary>
    public static async Task<Accounting> ReadAsync(NpgsqlDataSource database, FieldCipher cipher, string workerMetrics)
    {
        long rows = 0, merged = 0, collapsed = 0;
        await using (var command = database.CreateCommand("SELECT raw_topic, raw_partition, raw_offset, raw_index, attributes FROM logs"))
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                rows++;
                var raw = new RawOffset(reader.GetString(0), reader.GetInt32(1), reader.GetInt64(2), reader.GetInt32(3));
                var attributes = cipher.OpenText(reader.GetFieldValue<byte[]>(4), SealedTable.Logs.Context("attributes", SealedTable.RawIdentity(raw)));
                if (!attributes.Contains("\"fm.", StringComparison.Ordinal))
                {
                    continue;
                }

                var values = JsonSerializer.Deserialize<Dictionary<string, string>>(attributes) ?? [];
                var lines = Count(values, AttributeKeys.Lines);
                var occurrences = Count(values, AttributeKeys.Repeat);
                merged += lines - 1;
                collapsed += lines * (occurrences - 1);
            }
        }

        var byStep = new Dictionary<string, long>();
        await using (var command = database.CreateCommand("SELECT step, count(*) FROM dead_letters GROUP BY step ORDER BY step"))
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                byStep[reader.GetString(0)] = reader.GetInt64(1);
            }
        }

        return new Accounting(rows, merged, collapsed, byStep.Values.Sum(), byStep, (long)Exposition.Sum(FilterDropped(), workerMetrics), OffsetGaps(workerMetrics));
    }

    private static long Count(Dictionary<string, string> attributes, string key) =>
        attributes.TryGetValue(key, out var text) && long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var count) && count > 1 ? count : 1;

    [GeneratedRegex("""^faultmaven_pipeline_records_total\{(?=[^}]*step="filter")(?=[^}]*outcome="dropped-)[^}]*\}\s+(?<value>\S+)""", RegexOptions.Multiline)]
    private static partial Regex FilterDropped();

    /// <summary>The worker's count of offsets its consumers found missing, per topic; it counts records, which on logs.raw are chunks of many lines.</summary>
    private static Dictionary<string, long> OffsetGaps(string exposition) =>
        Exposition.SumBy(OffsetGap(), exposition, "topic").ToDictionary(gap => gap.Key, gap => (long)gap.Value);

    [GeneratedRegex("""^faultmaven_offset_gap_records_total\{[^}]*topic="(?<topic>[^"]*)"[^}]*\}\s+(?<value>\S+)""", RegexOptions.Multiline)]
    private static partial Regex OffsetGap();
}
