using FaultMaven.Pipeline.Ingestion;

namespace FaultMaven.Cli.Push;

/// <summary>
/// Pushes one input in batches. A file goes from its checkpoint on, saved after each acknowledged batch, and after the
/// acknowledged chunks of a batch that failed part way, so a retry resumes right after what was stored. A pipe (such
/// as /dev/stdin) cannot be read again, so it is pushed from its start with no checkpoint.
/// </summary>
public sealed class FilePusher(IRawLogSink sink, PushCheckpointStore checkpoints, int chunkBytes = LineChunker.DefaultChunkBytes, int chunksPerBatch = 16)
{
    /// <summary>
    /// Returns the bytes sent by this call; <paramref name="progress"/> gets the offset in <paramref name="input"/>
    /// acknowledged so far, <paramref name="waiting"/> why the receiver holds the push back.
    /// </summary>
    /// <param name="file">The path <paramref name="input"/> was opened from, which keys its checkpoint.</param>
    public async Task<long> PushAsync(Stream input, string file, string source, Action<long> progress, Action<string> waiting, CancellationToken cancellationToken)
    {
        var checkpoint = input.CanSeek ? checkpoints.Load(file, sink.Description, source) : null;
        if (checkpoint is { Complete: true })
        {
            progress(input.Length);
            return 0;
        }

        var start = checkpoint?.Offset ?? 0;
        if (checkpoint is not null)
        {
            input.Position = start;
        }

        var offset = start;
        var batch = new List<byte[]>(chunksPerBatch);
        // Lines longer than a record holds are split where the API splits them, so the broker refuses none.
        await foreach (var chunk in LineChunker.ChunksAsync(input, chunkBytes, cancellationToken, LineChunker.MaxRecordLineBytes))
        {
            batch.Add(chunk);
            if (batch.Count == chunksPerBatch)
            {
                offset = await Send(batch, source, offset, checkpoint, progress, waiting, cancellationToken);
            }
        }

        if (batch.Count > 0)
        {
            offset = await Send(batch, source, offset, checkpoint, progress, waiting, cancellationToken);
        }

        if (checkpoint is not null)
        {
            checkpoints.Save(checkpoint with { Offset = offset, Complete = true });
        }

        return offset - start;
    }

    private async Task<long> Send(List<byte[]> batch, string source, long offset, PushCheckpoint? checkpoint, Action<long> progress, Action<string> waiting, CancellationToken cancellationToken)
    {
        try
        {
            await sink.SendAsync(source, batch, waiting, cancellationToken);
            return Acknowledged(offset + batch.Sum(chunk => (long)chunk.Length));
        }
        catch (PublishInterruptedException interrupted)
        {
            // The chunks stored before the first that was not, in order: a retry starts after them instead of sending them twice.
            Acknowledged(offset + interrupted.Chunks.TakeWhile(chunk => chunk.Fate == ChunkFate.Stored).Sum(chunk => chunk.Bytes));
            throw;
        }
        finally
        {
            batch.Clear();
        }

        long Acknowledged(long acknowledged)
        {
            if (checkpoint is not null)
            {
                checkpoints.Save(checkpoint with { Offset = acknowledged });
            }

            progress(acknowledged);
            return acknowledged;
        }
    }
}
