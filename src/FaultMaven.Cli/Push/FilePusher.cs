using FaultMaven.Pipeline.Ingestion;

namespace FaultMaven.Cli.Push;

/// <summary>Pushes one file from its checkpoint on, in batches, saving the checkpoint after each acknowledged batch.</summary>
public sealed class FilePusher(IRawLogSink sink, PushCheckpointStore checkpoints, int chunkBytes = LineChunker.DefaultChunkBytes, int chunksPerBatch = 16)
{
    /// <summary>
    /// Returns the bytes sent by this call; <paramref name="progress"/> gets the file offset acknowledged so far,
    /// <paramref name="waiting"/> why the receiver holds the push back while the pipeline catches up.
    /// </summary>
    public async Task<long> PushAsync(string file, string source, Action<long> progress, Action<string> waiting, CancellationToken cancellationToken)
    {
        var checkpoint = checkpoints.Load(file);
        if (checkpoint.Complete)
        {
            progress(new FileInfo(file).Length);
            return 0;
        }

        await using var stream = File.OpenRead(file);
        stream.Seek(checkpoint.Offset, SeekOrigin.Begin);
        var offset = checkpoint.Offset;
        var batch = new List<byte[]>(chunksPerBatch);
        await foreach (var chunk in LineChunker.ChunksAsync(stream, chunkBytes, cancellationToken))
        {
            batch.Add(chunk);
            if (batch.Count == chunksPerBatch)
            {
                offset = await Send(batch, source, checkpoint with { Offset = offset }, progress, waiting, cancellationToken);
            }
        }

        if (batch.Count > 0)
        {
            offset = await Send(batch, source, checkpoint with { Offset = offset }, progress, waiting, cancellationToken);
        }

        checkpoints.Save(checkpoint with { Offset = offset, Complete = true });
        return offset - checkpoint.Offset;
    }

    private async Task<long> Send(List<byte[]> batch, string source, PushCheckpoint before, Action<long> progress, Action<string> waiting, CancellationToken cancellationToken)
    {
        await sink.SendAsync(source, batch, waiting, cancellationToken);
        var offset = before.Offset + batch.Sum(c => (long)c.Length);
        checkpoints.Save(before with { Offset = offset });
        progress(offset);
        batch.Clear();
        return offset;
    }
}
