using System.Collections.Concurrent;
using System.Runtime.ExceptionServices;

namespace FaultMaven.Agents.LogAnalysis;

/// <summary>
/// Hands every item a producer yields to each of several consumers, in the order yielded. On threads, each consumer runs
/// on a thread of its own and takes the items in batches, so the stages of one long input (normalizing, mining,
/// diagnosing) use more than one core; a bounded number of batches waits per consumer, so a slow consumer holds the
/// producer back instead of growing memory. The consumers must share no state: each sees every item once, in order,
/// but not at the same time as the others.
/// </summary>
internal static class EventFanOut
{
    /// <summary>About a quarter millisecond of work per batch: long enough that handing it over costs little, short enough that the events in flight die young.</summary>
    private const int BatchSize = 256;

    private const int BatchesInFlight = 4;

    /// <summary>
    /// Calls <paramref name="produce"/> with a function that yields one item; each item reaches every one of
    /// <paramref name="consumers"/> exactly once, in the order yielded, before this returns. The first exception of the
    /// producer, else of a consumer, is rethrown here once every thread has stopped.
    /// </summary>
    /// <param name="onThreads">Each consumer on a thread of its own; otherwise all on the calling thread, item by item.</param>
    public static void Run<T>(Action<Action<T>> produce, IReadOnlyList<Action<T>> consumers, bool onThreads)
    {
        if (!onThreads)
        {
            produce(item =>
            {
                foreach (var consume in consumers)
                {
                    consume(item);
                }
            });
            return;
        }

        using var stop = new CancellationTokenSource();
        var queues = consumers.Select(_ => new BlockingCollection<T[]>(BatchesInFlight)).ToArray();
        var workers = consumers
            .Select((consume, index) => Task.Factory.StartNew(() => Consume(queues[index], consume, stop), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default))
            .ToArray();
        ExceptionDispatchInfo? failure = null;
        try
        {
            var batch = new T[BatchSize];
            var count = 0;
            produce(item =>
            {
                batch[count++] = item;
                if (count == BatchSize)
                {
                    Post(queues, batch, stop.Token);
                    batch = new T[BatchSize];
                    count = 0;
                }
            });
            Post(queues, batch[..count], stop.Token);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // A consumer failed and stopped taking batches; its exception is thrown below.
        }
        catch (Exception error)
        {
            failure = ExceptionDispatchInfo.Capture(error);
            stop.Cancel();
        }
        finally
        {
            foreach (var queue in queues)
            {
                queue.CompleteAdding();
            }
        }

        try
        {
            Task.WaitAll(workers);
        }
        catch (AggregateException error) when (failure is null)
        {
            failure = ExceptionDispatchInfo.Capture(error.InnerExceptions.FirstOrDefault(inner => inner is not OperationCanceledException) ?? error.InnerExceptions[0]);
        }
        catch (AggregateException)
        {
            // The producer's own exception is the one to report.
        }
        finally
        {
            foreach (var queue in queues)
            {
                queue.Dispose();
            }
        }

        failure?.Throw();
    }

    private static void Post<T>(BlockingCollection<T[]>[] queues, T[] batch, CancellationToken stop)
    {
        foreach (var queue in queues)
        {
            queue.Add(batch, stop);
        }
    }

    private static void Consume<T>(BlockingCollection<T[]> queue, Action<T> consume, CancellationTokenSource stop)
    {
        try
        {
            foreach (var batch in queue.GetConsumingEnumerable(stop.Token))
            {
                foreach (var item in batch)
                {
                    consume(item);
                }
            }
        }
        catch (Exception error) when (error is not OperationCanceledException)
        {
            stop.Cancel();
            throw;
        }
    }
}
