using FaultMaven.Pipeline.Ingestion;

namespace FaultMaven.Cli.Push;

/// <summary>What one push of a file sent and the receiver acknowledged: non-blank lines (a cut line is one) and bytes of the file.</summary>
public sealed record Pushed(long Lines, long Bytes);

/// <summary>
/// Pushes one input in batches. A file goes from its checkpoint on, saved after each acknowledged batch, and after the
/// acknowledged chunks of a batch that failed part way, so a retry resumes right after what was stored. Before a
/// batch is sent, the checkpoint also names it (<see cref="PushBatch"/>: where it starts and ends, and its key), so
/// that a run stopped while the batch was unacknowledged (by <c>--wait-timeout</c>, or killed, even by SIGKILL) sends the
/// same bytes under the same key the next time, and only the part the receiver did not store is stored. A pipe (such as
/// /dev/stdin) cannot be read again, so it is pushed from its start with no checkpoint.
/// </summary>
public sealed class FilePusher(IRawLogSink sink, PushCheckpointStore checkpoints, int chunkBytes = LineChunker.DefaultChunkBytes, int chunksPerBatch = 16)
{
    /// <summary>
    /// Returns what this call sent; <paramref name="progress"/> gets the offset in <paramref name="input"/>
    /// acknowledged so far, <paramref name="waiting"/> why the receiver holds the push back.
    /// </summary>
    /// <param name="file">The path <paramref name="input"/> was opened from, which keys its checkpoint.</param>
    public async Task<Pushed> PushAsync(Stream input, string file, string source, Action<long> progress, Action<string> waiting, CancellationToken cancellationToken)
    {
        var checkpoint = input.CanSeek ? checkpoints.Load(file, sink.Description, source) : null;
        if (checkpoint is { Complete: true })
        {
            progress(input.Length);
            return new Pushed(0, 0);
        }

        var start = checkpoint?.Offset ?? 0;
        if (checkpoint is not null)
        {
            input.Position = start;
        }

        var push = new Push(sink, checkpoints, checkpoint, source, start, progress, waiting);
        var batch = new List<LineChunk>(chunksPerBatch);
        await foreach (var chunk in LineChunker.ChunksAsync(input, sink.MaxLineBytes, chunkBytes, cancellationToken))
        {
            batch.Add(chunk);
            if (batch.Count == chunksPerBatch || push.EndsInterruptedBatch(batch))
            {
                await push.SendAsync(batch, cancellationToken);
            }
        }

        if (batch.Count > 0)
        {
            await push.SendAsync(batch, cancellationToken);
        }

        if (checkpoint is not null)
        {
            checkpoints.Save(checkpoint with { Offset = push.Offset, Complete = true, Batch = null });
        }

        return new Pushed(push.Lines, push.Offset - start);
    }

    /// <summary>One call's batches, in order, from <see cref="Offset"/> on; resumes the checkpoint's unacknowledged batch under its key.</summary>
    private sealed class Push(IRawLogSink sink, PushCheckpointStore checkpoints, PushCheckpoint? checkpoint, string source, long offset, Action<long> progress, Action<string> waiting)
    {
        private PushBatch? interrupted = checkpoint?.Batch is { } batch && batch.Start == offset ? batch : null;

        /// <summary>Where the next batch starts: every byte before it was acknowledged.</summary>
        public long Offset { get; private set; } = offset;

        /// <summary>The lines acknowledged in this call.</summary>
        public long Lines { get; private set; }

        /// <summary>Whether <paramref name="batch"/> reaches the end of the interrupted batch it resends: it is sent there, so that it has the same bytes.</summary>
        public bool EndsInterruptedBatch(List<LineChunk> batch) => interrupted is { } resent && Offset + Bytes(batch) >= resent.End;

        public async Task SendAsync(List<LineChunk> batch, CancellationToken cancellationToken)
        {
            var end = Offset + Bytes(batch);
            // The same bytes as the interrupted batch go under its key; a file that changed there makes a new batch.
            var resend = interrupted is { } resent && resent.End == end;
            var sent = resend ? interrupted! : new PushBatch(Offset, end, PushBatch.NewKey(), DateTimeOffset.UtcNow);
            interrupted = null;
            Save(sent);
            try
            {
                await sink.SendAsync(source, batch, sent, resend, waiting, cancellationToken);
                Acknowledged(end, batch.Sum(chunk => (long)LineChunker.CountLines(chunk.Value)));
            }
            catch (PublishInterruptedException stopped)
            {
                // The chunks stored before the first that was not, in order: a retry starts after them instead of sending them twice.
                var stored = stopped.Chunks.TakeWhile(chunk => chunk.Fate == ChunkFate.Stored).ToList();
                Acknowledged(Offset + stored.Sum(chunk => chunk.Bytes), stored.Sum(chunk => chunk.Lines));
                throw;
            }
            finally
            {
                batch.Clear();
            }
        }

        private void Acknowledged(long acknowledged, long lines)
        {
            Offset = acknowledged;
            Lines += lines;
            Save(batch: null);
            progress(acknowledged);
        }

        private void Save(PushBatch? batch)
        {
            if (checkpoint is not null)
            {
                checkpoints.Save(checkpoint with { Offset = Offset, Batch = batch });
            }
        }

        private static long Bytes(List<LineChunk> batch) => batch.Sum(chunk => chunk.InputBytes);
    }
}
