using System.Threading.Channels;
using FaultMaven.Storage.Audit;

namespace FaultMaven.Api.Security;

/// <summary>
/// Writes <see cref="RequestAuditMiddleware"/>'s entries to the audit log in batches: every entry waiting when the
/// writer is free goes into one <see cref="AuditLog.AppendAllAsync"/> (one chain-head lock and one commit), up to
/// <see cref="MaxBatch"/>. Appending one transaction per request serialized every request on the chain head and its
/// commit, and Kestrel runs a response's completion callbacks before it reads the connection's next request, so on
/// keep-alive connections each request waited for the previous one's commit (issue 16: the API saturated at 15–60
/// requests/s with PostgreSQL answering in under 1 ms).
/// </summary>
/// <remarks>
/// Entries wait in a queue of <see cref="Capacity"/>; when it is full, <see cref="EnqueueAsync"/> waits (a completion
/// callback, after the response), so nothing is dropped to keep up. A failed append is logged and retried, the batch
/// kept, every <see cref="RetryDelay"/>. At stop the queue is written out; what the process holds when it dies without
/// a graceful stop, or cannot write within 20 s of it, is lost with it, as a response's completion callback was before.
/// </remarks>
public sealed class RequestAuditWriter(AuditLog audit, TimeProvider clock, ILogger<RequestAuditWriter> logger) : BackgroundService
{
    public const int Capacity = 10_000;
    public const int MaxBatch = 500;
    public static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(20);

    private readonly Channel<AuditEntry> queue = Channel.CreateBounded<AuditEntry>(new BoundedChannelOptions(Capacity) { SingleReader = true });
    private volatile int writing;

    /// <summary>Queues an entry; waits while <see cref="Capacity"/> entries are waiting.</summary>
    public ValueTask EnqueueAsync(AuditEntry entry) => queue.Writer.WriteAsync(entry);

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        queue.Writer.TryComplete();
        // Not the host's token: services stopped before this one share its ShutdownTimeout and may have spent it on a
        // loaded machine, and what the queue holds is lost unless written now. Writing it out gets its own bound.
        using var bound = new CancellationTokenSource(StopTimeout);
        await base.StopAsync(bound.Token);
        if (ExecuteTask is { IsCompleted: false })
        {
            logger.LogError("Stopped before {Count} API actions were audited (the audit log could not be written within {Seconds} s of the stop)", queue.Reader.Count + writing, StopTimeout.TotalSeconds);
        }
    }

    // Not cancelled by the stop: once the writer is completed, the loop ends by itself when the queue is written out,
    // or the stop gives up on it after StopTimeout.
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var batch = new List<AuditEntry>(MaxBatch);
        while (await queue.Reader.WaitToReadAsync(CancellationToken.None))
        {
            while (batch.Count < MaxBatch && queue.Reader.TryRead(out var entry))
            {
                batch.Add(entry);
            }

            writing = batch.Count;
            await WriteAsync(batch);
            writing = 0;
            batch.Clear();
        }
    }

    private async Task WriteAsync(List<AuditEntry> batch)
    {
        while (true)
        {
            try
            {
                await audit.AppendAllAsync(batch);
                return;
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                logger.LogError(exception, "Could not audit {Count} API actions (first: {Action} by {Actor}); retrying in {Delay}", batch.Count, batch[0].Action, batch[0].Actor, RetryDelay);
                await Task.Delay(RetryDelay, clock);
            }
        }
    }
}
