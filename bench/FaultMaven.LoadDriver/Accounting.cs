using System.Text.RegularExpressions;
using FaultMaven.Storage.Encryption;
using FaultMaven.Testing.Postgres;
using Npgsql;

namespace FaultMaven.LoadDriver;

/// <summary>
/// Where the pushed lines went, from what was stored: every non-blank line ends as one row, as a continuation line
/// merged into a row (<c>fm.lines</c> − 1 per row), as a repeat collapsed into a row (<c>fm.repeat</c> − 1 occurrences of
/// its <c>fm.lines</c> lines), in a dead letter (<see cref="DeadLetters"/> counts their lines), or dropped by a filter
/// rule (not stored; the worker counts it in <c>faultmaven_pipeline_records_total{step="filter",outcome="dropped-…"}</c>).
/// </summary>
public sealed partial record Accounting(long Rows, long MergedLines, long CollapsedRepeats, long DeadLetters, IReadOnlyDictionary<string, long> DeadLettersByStep, long Filtered, IReadOnlyDictionary<string, long> OffsetGapsByTopic)
{
    public long Accounted => Rows + MergedLines + CollapsedRepeats + DeadLetters + Filtered;

    public bool Holds(long linesIn) => Accounted == linesIn;

    /// <summary>Reads every row's sealed attributes and dead letter's payload (opened with the run's key) (<see cref="LineAccounting"/>); the worker's metrics give the filtered count.</summary>
    public static async Task<Accounting> ReadAsync(NpgsqlDataSource database, FieldCipher cipher, string workerMetrics)
    {
        var lines = await LineAccounting.ReadAsync(database, cipher);
        return new Accounting(
            lines.Rows, lines.MergedLines, lines.CollapsedRepeats, lines.DeadLetterLines, lines.DeadLettersByStep, (long)Exposition.Sum(FilterDropped(), workerMetrics), OffsetGaps(workerMetrics));
    }

    [GeneratedRegex("""^faultmaven_pipeline_records_total\{(?=[^}]*step="filter")(?=[^}]*outcome="dropped-)[^}]*\}\s+(?<value>\S+)""", RegexOptions.Multiline)]
    private static partial Regex FilterDropped();

    /// <summary>The worker's count of offsets its consumers found missing, per topic; it counts records, which on logs.raw are chunks of many lines.</summary>
    private static Dictionary<string, long> OffsetGaps(string exposition) =>
        Exposition.SumBy(OffsetGap(), exposition, "topic").ToDictionary(gap => gap.Key, gap => (long)gap.Value);

    [GeneratedRegex("""^faultmaven_offset_gap_records_total\{[^}]*topic="(?<topic>[^"]*)"[^}]*\}\s+(?<value>\S+)""", RegexOptions.Multiline)]
    private static partial Regex OffsetGap();
}
