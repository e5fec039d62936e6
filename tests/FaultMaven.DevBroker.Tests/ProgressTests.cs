using FaultMaven.Testing;

namespace FaultMaven.DevBroker.Tests;

/// <summary>
/// FaultMaven.Testing's <see cref="Progress"/> waits, which the end-to-end and broker tests rely on: a count that keeps
/// moving is waited for, and one that stalls fails saying what it saw. (Here because this is the smallest test project
/// that references FaultMaven.Testing.)
/// </summary>
public sealed class ProgressTests
{
    private static readonly TimeSpan ShortStall = TimeSpan.FromMilliseconds(600);

    [Fact]
    public async Task A_count_that_keeps_growing_is_waited_for_and_its_final_value_returned()
    {
        var value = 0L;

        var reached = await Progress.UntilCount(
            "5 items counted", () => Task.FromResult(++value), count => count >= 5, () => Task.FromResult("unused"), ShortStall);

        Assert.Equal(5, reached);
    }

    [Fact]
    public async Task A_stalled_count_gives_a_TimeoutException_naming_what_was_awaited_the_values_seen_and_the_diagnostics()
    {
        var values = new Queue<long>([3, 7, 42]);

        var error = await Assert.ThrowsAsync<TimeoutException>(() => Progress.UntilCount(
            "100 rows stored",
            () => Task.FromResult(values.Count > 1 ? values.Dequeue() : values.Peek()),
            count => count >= 100,
            () => Task.FromResult("consumer lag 58; worker log: disk full"),
            ShortStall));

        Assert.StartsWith("not true: 100 rows stored. The count stayed at 42 for 1 s", error.Message, StringComparison.Ordinal);
        Assert.Matches(@"values seen \(at second\): 3 @\d+\.\d, 7 @\d+\.\d, 42 @\d+\.\d\n", error.Message);
        Assert.EndsWith("consumer lag 58; worker log: disk full", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_condition_whose_progress_stalls_fails_with_the_progress_values_seen()
    {
        var offsets = new Queue<long>([10, 20]);

        var error = await Assert.ThrowsAsync<TimeoutException>(() => Progress.Until(
            "a disk-full finding",
            () => Task.FromResult(false),
            () => Task.FromResult(offsets.Count > 1 ? offsets.Dequeue() : offsets.Peek()),
            () => Task.FromResult("findings: none"),
            ShortStall));

        Assert.Contains("not true: a disk-full finding", error.Message, StringComparison.Ordinal);
        Assert.Matches(@"10 @\d+\.\d, 20 @\d+\.\d", error.Message);
        Assert.EndsWith("findings: none", error.Message, StringComparison.Ordinal);
    }
}
