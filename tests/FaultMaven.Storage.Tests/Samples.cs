using FaultMaven.Contracts;

namespace FaultMaven.Storage.Tests;

/// <summary>Test data. Each test uses its own source and topic, since the tests of a class share one database.</summary>
internal static class Samples
{
    public static readonly DateTimeOffset Noon = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    public static string UniqueName(string prefix) => $"{prefix}-{Guid.NewGuid():N}";

    /// <summary>Events at offsets <paramref name="firstOffset"/>.., one second apart from <see cref="Noon"/>, levels cycling through every severity.</summary>
    public static List<LogEvent> Logs(string source, int firstOffset, int count) =>
        Enumerable.Range(firstOffset, count)
            .Select(offset => Log(source, offset, Noon.AddSeconds(offset), (Severity)(offset % 7)))
            .ToList();

    public static LogEvent Log(string source, long offset, DateTimeOffset timestamp, Severity level) => new(
        timestamp,
        source,
        "checkout",
        "web-1",
        level,
        $"request {offset} handled",
        new Dictionary<string, string> { ["offset"] = offset.ToString(System.Globalization.CultureInfo.InvariantCulture) },
        new RawOffset(Topics.Raw + "." + source, Partition: 0, offset));

    public static Finding Finding(string id, string source, long count, int evidenceCount = 1) => new(
        id,
        "error-burst",
        Severity.Error,
        source,
        "checkout",
        Noon,
        Noon.AddMinutes(count),
        $"{count} errors in checkout",
        count,
        Baseline: 1.5,
        Score: count / 10.0,
        ModelVersion: "burst-1",
        ["payment <*> declined"],
        ["payment 42 declined"],
        Enumerable.Range(0, evidenceCount).Select(offset => new RawOffset(Topics.Raw, 3, offset)).ToList());

    public static DeadLetter DeadLetter(string source, long offset, string step) => new(
        "not valid JSON",
        step,
        source,
        new RawOffset(Topics.Raw + "." + source, 1, offset),
        [0x7B, 0x00, 0xFF, (byte)offset],
        Noon.AddMinutes(offset));

    /// <summary>Every page of a query, following cursors until the last page.</summary>
    public static async Task<List<T>> AllPagesAsync<T>(Func<string?, Task<Page<T>>> readPage)
    {
        var all = new List<T>();
        string? cursor = null;
        do
        {
            var page = await readPage(cursor);
            all.AddRange(page.Items);
            cursor = page.NextCursor;
        }
        while (cursor is not null);

        return all;
    }
}
