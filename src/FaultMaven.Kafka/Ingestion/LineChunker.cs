using System.Buffers;
using System.Runtime.CompilerServices;
using FaultMaven.Analysis.Normalization;

namespace FaultMaven.Pipeline.Ingestion;

/// <summary>One record's value for logs.raw: whole lines, or the head of one line longer than the limit.</summary>
/// <param name="Value">The record's bytes.</param>
/// <param name="InputBytes">
/// The bytes of input it stands for: <paramref name="Value"/>'s length, or a cut line's whole length with its ending,
/// so that offsets into the input (<c>fm push</c>'s checkpoint) and counts of bytes received stay the input's.
/// </param>
/// <param name="TruncatedFrom">For the head of a cut line, the line's length in bytes without its ending; null for whole lines.</param>
public sealed record LineChunk(byte[] Value, long InputBytes, long? TruncatedFrom = null)
{
    /// <summary>A chunk of whole lines.</summary>
    public LineChunk(byte[] value)
        : this(value, value.Length)
    {
    }
}

/// <summary>
/// Cuts a byte stream into record values of whole lines (<see cref="LogText"/>'s lines), about <c>maxChunkBytes</c>
/// each, only at line ends, so that no line is split across records; a line longer than the chunk size is a record of
/// its own. A line longer than <c>maxLineBytes</c> is cut here, once: its head (at most that many bytes, less a
/// character the cut would split) is a record of its own that carries the line's whole length
/// (<see cref="LineChunk.TruncatedFrom"/>), and the rest is read past without being held. So a line of any length is
/// one record and one line, and costs no more memory than its head.
/// </summary>
public static class LineChunker
{
    public const int DefaultChunkBytes = 64 * 1024;

    /// <summary>
    /// The most <c>maxLineBytes</c> may be: the producer's <c>message.max.bytes</c> (1,000,000) less room for the key
    /// and headers.
    /// </summary>
    public const int MaxRecordLineBytes = 960_000;

    /// <summary>Where the line limit is configured, for the API and <c>fm push</c> alike.</summary>
    public const string MaxLineBytesKey = "FaultMaven:Ingestion:MaxLineBytes";

    /// <summary>The least <c>maxLineBytes</c> may be.</summary>
    public const int MinLineBytes = 1024;

    /// <summary>
    /// What lines are cut to unless configured (<c>FaultMaven:Ingestion:MaxLineBytes</c>): what the normalizer keeps of
    /// a line (<see cref="NormalizerOptions.MaxEventBytes"/>), so that no record carries bytes the worker drops.
    /// </summary>
    public static int DefaultMaxLineBytes => NormalizerOptions.Default.MaxEventBytes;

    /// <summary>Why <paramref name="maxLineBytes"/>, configured under <paramref name="key"/>, cannot be used; null when it can.</summary>
    public static string? MaxLineBytesProblem(int maxLineBytes, string key) =>
        maxLineBytes is < MinLineBytes or > MaxRecordLineBytes
            ? $"{key} must be between {MinLineBytes} and {MaxRecordLineBytes} (was {maxLineBytes})"
            : null;

    /// <summary>The lines of a chunk that are not blank (what the normalizer reads as lines), whether or not the last ends with a newline.</summary>
    public static int CountLines(ReadOnlySpan<byte> chunk)
    {
        var count = 0;
        foreach (var range in chunk.Split((byte)'\n'))
        {
            count += LogText.IsBlank(chunk[range]) ? 0 : 1;
        }

        return count;
    }

    /// <param name="maxLineBytes">Longest line kept whole; null to keep every line whole (for a receiver that cuts them itself).</param>
    public static async IAsyncEnumerable<LineChunk> ChunksAsync(
        Stream input, int? maxLineBytes, int maxChunkBytes = DefaultChunkBytes, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var chunker = new Chunker(maxChunkBytes, maxLineBytes);
        var ready = new List<LineChunk>();
        var buffer = ArrayPool<byte>.Shared.Rent(maxChunkBytes);
        try
        {
            int read;
            while ((read = await input.ReadAsync(buffer.AsMemory(0, maxChunkBytes), cancellationToken)) > 0)
            {
                chunker.Add(buffer.AsSpan(0, read), ready);
                foreach (var chunk in ready)
                {
                    yield return chunk;
                }

                ready.Clear();
            }

            chunker.End(ready);
            foreach (var chunk in ready)
            {
                yield return chunk;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>The chunking of one stream, fed a block of input at a time.</summary>
    private sealed class Chunker
    {
        private readonly int maxChunkBytes;
        private readonly int? maxLineBytes;

        // Whole lines of the next chunk, then the start of the line being read.
        private readonly ArrayBufferWriter<byte> lines;
        private int lineStart;

        // The line being read past, once its head is cut.
        private CutLine? cut;

        public Chunker(int maxChunkBytes, int? maxLineBytes)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(maxChunkBytes, 1);
            // A head always holds a character (at most four bytes).
            ArgumentOutOfRangeException.ThrowIfLessThan(maxLineBytes ?? int.MaxValue, 4, nameof(maxLineBytes));
            this.maxChunkBytes = maxChunkBytes;
            this.maxLineBytes = maxLineBytes;
            lines = new ArrayBufferWriter<byte>(maxChunkBytes);
        }

        public void Add(ReadOnlySpan<byte> block, List<LineChunk> ready)
        {
            while (!block.IsEmpty)
            {
                var lineFeed = block.IndexOf((byte)'\n');
                var piece = lineFeed < 0 ? block : block[..(lineFeed + 1)];
                block = block[piece.Length..];
                if (cut is not null)
                {
                    cut.ReadPast(piece);
                    if (lineFeed >= 0)
                    {
                        ready.Add(cut.Chunk(ended: true));
                        cut = null;
                    }

                    continue;
                }

                lines.Write(piece);
                if (IsTooLong(lines.WrittenSpan[lineStart..], ended: lineFeed >= 0, atEnd: false))
                {
                    Cut(ready);
                    if (lineFeed >= 0)
                    {
                        ready.Add(cut!.Chunk(ended: true));
                        cut = null;
                    }
                }
                else if (lineFeed >= 0)
                {
                    LineEnded(ready);
                }
            }
        }

        /// <summary>The end of the input: a last line without a line feed ends here, a CR at its end being content.</summary>
        public void End(List<LineChunk> ready)
        {
            if (cut is null && IsTooLong(lines.WrittenSpan[lineStart..], ended: false, atEnd: true))
            {
                Cut(ready);
            }

            if (cut is not null)
            {
                ready.Add(cut.Chunk(ended: false));
                cut = null;
            }

            Flush(lines.WrittenCount, ready);
        }

        /// <summary>Whether the line being read is longer than the limit without its ending (as far as the bytes read so far tell).</summary>
        private bool IsTooLong(ReadOnlySpan<byte> line, bool ended, bool atEnd)
        {
            if (maxLineBytes is not { } limit || line.Length <= limit)
            {
                return false;
            }

            // Unended, a CR at the end may still turn out to belong to the line's ending.
            var content = ended ? LogText.LineEnd(line, out _) : line.Length - (!atEnd && line[^1] == '\r' ? 1 : 0);
            return content > limit;
        }

        /// <summary>Sends the whole lines before the line being read, and goes on reading that line past its head.</summary>
        private void Cut(List<LineChunk> ready)
        {
            var line = lines.WrittenSpan[lineStart..];
            cut = new CutLine(line[..LogText.CutPoint(line, maxLineBytes!.Value)].ToArray());
            cut.ReadPast(line);
            Flush(lineStart, ready);
        }

        /// <summary>A whole line was added: the chunk goes once it is full, before the line when the line does not fit in it.</summary>
        private void LineEnded(List<LineChunk> ready)
        {
            if (lines.WrittenCount > maxChunkBytes && lineStart > 0)
            {
                var line = lines.WrittenSpan[lineStart..].ToArray();
                Flush(lineStart, ready);
                lines.Write(line);
            }

            if (lines.WrittenCount >= maxChunkBytes)
            {
                Flush(lines.WrittenCount, ready);
            }

            lineStart = lines.WrittenCount;
        }

        /// <summary>Sends the first <paramref name="length"/> bytes held (whole lines) as a chunk, and forgets everything held.</summary>
        private void Flush(int length, List<LineChunk> ready)
        {
            if (length > 0)
            {
                ready.Add(new LineChunk(lines.WrittenSpan[..length].ToArray()));
            }

            lines.Clear();
            lineStart = 0;
        }
    }

    /// <summary>A line cut to its head: how much of it there was, read a piece at a time.</summary>
    private sealed class CutLine(byte[] head)
    {
        private long read;
        private byte last;
        private byte beforeLast;

        public void ReadPast(ReadOnlySpan<byte> piece)
        {
            read += piece.Length;
            beforeLast = piece.Length > 1 ? piece[^2] : last;
            last = piece[^1];
        }

        /// <param name="ended">Whether a line feed ended it (a CR before it belongs to the ending), or the input did.</param>
        public LineChunk Chunk(bool ended) =>
            new(head, read, ended ? read - 1 - (beforeLast == '\r' ? 1 : 0) : read);
    }
}
