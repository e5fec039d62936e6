using FaultMaven.Worker.Sinks;

namespace FaultMaven.Worker.Tests;

public sealed class PoisonIsolationTests
{
    [Fact]
    public async Task A_batch_without_bad_items_is_written_in_one_call()
    {
        var store = new PickyStore(rejects: _ => false);

        var outcome = await PoisonIsolation.WriteAsync(Enumerable.Range(0, 100).ToList(), store.Write, PickyStore.IsDataError);

        Assert.Equal(Enumerable.Range(0, 100), outcome.Written);
        Assert.Empty(outcome.Rejected);
        Assert.Equal(1, store.Calls);
    }

    [Fact]
    public async Task One_bad_item_among_a_thousand_is_rejected_with_its_error_and_the_others_are_written_in_about_2_log2_n_calls()
    {
        var store = new PickyStore(rejects: item => item == 617);

        var outcome = await PoisonIsolation.WriteAsync(Enumerable.Range(0, 1000).ToList(), store.Write, PickyStore.IsDataError);

        var rejected = Assert.Single(outcome.Rejected);
        Assert.Equal(617, rejected.Item);
        Assert.Equal("item 617 rejected", rejected.Error.Message);
        Assert.Equal(Enumerable.Range(0, 1000).Where(i => i != 617), outcome.Written);
        Assert.Equal(Enumerable.Range(0, 1000).Where(i => i != 617), store.Stored.Order());
        Assert.InRange(store.Calls, 2, 2 + (2 * 10));
    }

    [Fact]
    public async Task When_every_item_is_bad_each_is_rejected_and_nothing_is_written()
    {
        var store = new PickyStore(rejects: _ => true);

        var outcome = await PoisonIsolation.WriteAsync(Enumerable.Range(0, 33).ToList(), store.Write, PickyStore.IsDataError);

        Assert.Empty(outcome.Written);
        Assert.Empty(store.Stored);
        Assert.Equal(Enumerable.Range(0, 33), outcome.Rejected.Select(r => r.Item));
    }

    [Fact]
    public async Task Items_that_fail_only_together_are_each_written_once_split_apart()
    {
        // As two upserts of one key in one statement fail ("cannot affect row a second time") but each alone succeeds.
        var store = new PickyStore(rejects: _ => false, rejectsTogether: part => part.Contains(3) && part.Contains(4));

        var outcome = await PoisonIsolation.WriteAsync(Enumerable.Range(0, 8).ToList(), store.Write, PickyStore.IsDataError);

        Assert.Empty(outcome.Rejected);
        Assert.Equal(Enumerable.Range(0, 8), outcome.Written);
        Assert.Equal(Enumerable.Range(0, 8), store.Stored.Order());
    }

    [Fact]
    public async Task A_batch_that_succeeds_on_its_second_try_is_not_split()
    {
        var failures = 1;
        var calls = new List<int>();
        Task Write(IReadOnlyList<int> part)
        {
            calls.Add(part.Count);
            return failures-- > 0 ? Task.FromException(new InvalidDataException("conflict with a concurrent writer")) : Task.CompletedTask;
        }

        var outcome = await PoisonIsolation.WriteAsync(Enumerable.Range(0, 10).ToList(), Write, PickyStore.IsDataError);

        Assert.Equal([10, 10], calls);
        Assert.Equal(10, outcome.Written.Count);
    }

    [Fact]
    public async Task An_error_that_is_not_the_datas_fault_propagates_without_splitting_the_batch()
    {
        var calls = 0;
        Task Write(IReadOnlyList<int> part)
        {
            calls++;
            return Task.FromException(new TimeoutException("the database did not answer"));
        }

        await Assert.ThrowsAsync<TimeoutException>(() => PoisonIsolation.WriteAsync(Enumerable.Range(0, 10).ToList(), Write, PickyStore.IsDataError));
        Assert.Equal(1, calls);
    }

    [Fact]
    public async Task An_empty_batch_writes_nothing()
    {
        var store = new PickyStore(rejects: _ => true);

        var outcome = await PoisonIsolation.WriteAsync<int>([], store.Write, PickyStore.IsDataError);

        Assert.Empty(outcome.Written);
        Assert.Empty(outcome.Rejected);
        Assert.Equal(0, store.Calls);
    }

    /// <summary>An all-or-nothing store that refuses a write containing an item it rejects.</summary>
    private sealed class PickyStore(Func<int, bool> rejects, Func<IReadOnlyList<int>, bool>? rejectsTogether = null)
    {
        public List<int> Stored { get; } = [];

        public int Calls { get; private set; }

        public static bool IsDataError(Exception exception) => exception is InvalidDataException;

        public Task Write(IReadOnlyList<int> part)
        {
            Calls++;
            if (part.Where(rejects).Take(1).ToList() is [var bad])
            {
                return Task.FromException(new InvalidDataException($"item {bad} rejected"));
            }

            if (rejectsTogether?.Invoke(part) == true)
            {
                return Task.FromException(new InvalidDataException("items rejected together"));
            }

            Stored.AddRange(part);
            return Task.CompletedTask;
        }
    }
}
