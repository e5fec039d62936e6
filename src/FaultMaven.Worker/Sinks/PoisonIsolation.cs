namespace FaultMaven.Worker.Sinks;

/// <summary>An item the store refused, with the error it refused it with.</summary>
public sealed record Rejection<T>(T Item, Exception Error);

/// <summary>What an isolating write stored and what it set aside; together they are every item it was given.</summary>
public sealed record IsolatedWrite<T>(IReadOnlyList<T> Written, IReadOnlyList<Rejection<T>> Rejected);

/// <summary>
/// Writes a batch so that the items the store rejects deterministically are found and set aside while all the
/// others are written: the batch is tried, tried once more (a conflict with a concurrent writer can clear), then
/// split in halves recursively until each failing half is one item. With k bad items among n, that costs about
/// 2·k·log2(n) writes, and a batch without bad items costs one.
/// </summary>
/// <remarks>Pure control flow: the write and the judgement of errors are given, so it has no I/O of its own. The
/// write must be all-or-nothing (one statement or one transaction) or idempotent, since a failed part is written again.</remarks>
public static class PoisonIsolation
{
    /// <param name="items">The batch, in order; the written and rejected lists keep that order.</param>
    /// <param name="write">Writes a part of the batch; throws when the store refuses it.</param>
    /// <param name="isDataError">Whether an error is the items' fault; any other error propagates at once.</param>
    public static async Task<IsolatedWrite<T>> WriteAsync<T>(
        IReadOnlyList<T> items, Func<IReadOnlyList<T>, Task> write, Func<Exception, bool> isDataError)
    {
        var written = new List<T>(items.Count);
        var rejected = new List<Rejection<T>>();
        if (items.Count == 0)
        {
            return new IsolatedWrite<T>(written, rejected);
        }

        var all = new ArraySegment<T>([.. items]);
        if (await TryWrite(all) is not null && await TryWrite(all) is { } again)
        {
            await Bisect(all, again);
        }

        return new IsolatedWrite<T>(written, rejected);

        async Task<Exception?> TryWrite(ArraySegment<T> part)
        {
            try
            {
                await write(part);
                written.AddRange(part);
                return null;
            }
            catch (Exception exception) when (isDataError(exception))
            {
                return exception;
            }
        }

        async Task Bisect(ArraySegment<T> failing, Exception error)
        {
            if (failing.Count == 1)
            {
                rejected.Add(new Rejection<T>(failing[0], error));
                return;
            }

            // Both halves are tried even when one succeeds: rows can fail together (two upserts of one key) but not alone.
            foreach (var half in new[] { failing[..(failing.Count / 2)], failing[(failing.Count / 2)..] })
            {
                if (await TryWrite(half) is { } halfError)
                {
                    await Bisect(half, halfError);
                }
            }
        }
    }
}
