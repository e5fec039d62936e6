using System.Diagnostics;
using System.Globalization;

namespace FaultMaven.Testing;

/// <summary>
/// Waits that hold on a loaded machine: a wait fails only when the count it watches stops changing for a long
/// interval, never after a fixed total time, and its failure lists every value seen and what the caller adds.
/// </summary>
public static class Progress
{
    /// <summary>
    /// How long a count may stay still before a wait gives up: enough for a service to start, join its consumer group
    /// and be assigned partitions on a 2-core machine shared with other builds (a worker restart took ~30 s there).
    /// </summary>
    public static readonly TimeSpan DefaultStall = TimeSpan.FromSeconds(120);

    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(250);

    /// <summary>
    /// Polls <paramref name="count"/> until <paramref name="reached"/> holds for its value, and returns that value.
    /// </summary>
    /// <param name="what">What is awaited, as a sentence for the failure message ("10000 lines stored").</param>
    /// <param name="count">The watched count (rows stored, items listed, lag), read every 250 ms.</param>
    /// <param name="reached">Whether a value ends the wait.</param>
    /// <param name="diagnostics">Read once, on failure: the state around the count (consumer lag, service logs).</param>
    /// <param name="stall">How long the count may stay unchanged; <see cref="DefaultStall"/> when null.</param>
    /// <exception cref="TimeoutException">The count did not change for <paramref name="stall"/>; the message names
    /// <paramref name="what"/>, the values seen with the second each first appeared, and the diagnostics.</exception>
    public static async Task<long> UntilCount(
        string what, Func<Task<long>> count, Func<long, bool> reached, Func<Task<string>> diagnostics, TimeSpan? stall = null) =>
        await Watch(what, async () => await count() is var value && reached(value) ? (true, value) : (false, value), diagnostics, stall);

    /// <summary>
    /// Polls <paramref name="condition"/> until it holds, for outcomes that are not a count (a finding of some kind, an
    /// incident); fails only when <paramref name="progress"/> (e.g. offsets the pipeline has committed) stops changing for
    /// <paramref name="stall"/> while the condition is still false. The failure lists the progress values seen.
    /// </summary>
    public static async Task Until(
        string what, Func<Task<bool>> condition, Func<Task<long>> progress, Func<Task<string>> diagnostics, TimeSpan? stall = null) =>
        await Watch(what, async () => await condition() ? (true, 0) : (false, await progress()), diagnostics, stall);

    private static async Task<long> Watch(
        string what, Func<Task<(bool Done, long Value)>> poll, Func<Task<string>> diagnostics, TimeSpan? stall)
    {
        var patience = stall ?? DefaultStall;
        var clock = Stopwatch.StartNew();
        var seen = new List<(TimeSpan At, long Value)>();
        while (true)
        {
            var (done, value) = await poll();
            if (done)
            {
                return value;
            }

            if (seen.Count == 0 || seen[^1].Value != value)
            {
                seen.Add((clock.Elapsed, value));
            }

            if (clock.Elapsed - seen[^1].At > patience)
            {
                throw new TimeoutException(
                    $"not true: {what}. The count stayed at {value} for {patience.TotalSeconds:F0} s " +
                    $"({clock.Elapsed.TotalSeconds:F0} s in all); values seen (at second): {Describe(seen)}\n{await diagnostics()}");
            }

            await Task.Delay(PollInterval);
        }
    }

    /// <summary>The last <paramref name="lines"/> lines of a process's output, or a note that it wrote nothing.</summary>
    public static string Tail(string output, int lines = 40)
    {
        var all = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        return all.Length == 0
            ? "(no output)"
            : (all.Length > lines ? $"(last {lines} of {all.Length} lines)\n" : "") + string.Join('\n', all.TakeLast(lines));
    }

    // The first values and the latest ones: enough to see when progress began and where it stopped.
    private static string Describe(List<(TimeSpan At, long Value)> seen)
    {
        static string One((TimeSpan At, long Value) point) =>
            string.Create(CultureInfo.InvariantCulture, $"{point.Value} @{point.At.TotalSeconds:F1}");

        return seen.Count <= 16
            ? string.Join(", ", seen.Select(One))
            : $"{string.Join(", ", seen.Take(4).Select(One))}, … ({seen.Count - 16} more), {string.Join(", ", seen.TakeLast(12).Select(One))}";
    }
}
