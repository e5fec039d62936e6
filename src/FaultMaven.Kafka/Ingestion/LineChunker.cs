using System.Buffers;
using System.Runtime.CompilerServices;

namespace FaultMaven.Pipeline.Ingestion;

/// <summary>
/// Cuts a byte stream into Kafka record values of about <c>maxChunkBytes</c>, only at line ends, so a record
/// never splits a line; a single longer line becomes a record of its own, and one longer than <c>maxLineBytes</c>
/// is cut into records of at most that many bytes (at UTF-8 character boundaries), so no record exceeds what the
/// producer may send.
/// </summary>
public static class LineChunker
{
    public const int DefaultChunkBytes = 64 * 1024;

    /// <summary>
    /// Longest line one Kafka record may carry: the producer's <c>message.max.bytes</c> (1,000,000) less room for the
    /// key and headers. The API and <c>fm push</c> both split longer lines at this limit.
    /// </summary>
    public const int MaxRecordLineBytes = 960_000;

    /// <summary>The lines of a chunk that are not blank (what the normalizer reads as lines), whether or not the last ends with a newline.</summary>
    public static int CountLines(ReadOnlySpan<byte> chunk)
    {
        var count = 0;
        foreach (var range in chunk.Split((byte)'\n'))
        {
            if (chunk[range].Trim(" \t\r"u8).Length > 0)
            {
                count++;
            }
        }

        return count;
    }

    public static async IAsyncEnumerable<byte[]> ChunksAsync(
        Stream input, int maxChunkBytes = DefaultChunkBytes, [EnumeratorCancellation] CancellationToken cancellationToken = default, int maxLineBytes = int.MaxValue)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxLineBytes, 4);
        var pending = new ArrayBufferWriter<byte>(maxChunkBytes * 2);
        var buffer = ArrayPool<byte>.Shared.Rent(maxChunkBytes);
        try
        {
            int read;
            while ((read = await input.ReadAsync(buffer.AsMemory(0, maxChunkBytes), cancellationToken)) > 0)
            {
                pending.Write(buffer.AsSpan(0, read));
                while ((pending.WrittenCount >= maxChunkBytes || pending.WrittenCount > maxLineBytes)
                       && CutPoint(pending.WrittenSpan, maxChunkBytes, maxLineBytes) is var cut and > 0)
                {
                    yield return pending.WrittenSpan[..cut].ToArray();
                    var rest = pending.WrittenSpan[cut..].ToArray();
                    pending.Clear();
                    pending.Write(rest);
                }
            }

            for (var rest = pending.WrittenSpan.ToArray().AsMemory(); rest.Length > 0;)
            {
                var cut = rest.Length > maxLineBytes ? CutPoint(rest.Span, maxChunkBytes, maxLineBytes) : 0;
                cut = cut == 0 ? rest.Length : cut;
                yield return rest[..cut].ToArray();
                rest = rest[cut..];
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>
    /// After the last line end within the chunk limit; after the first line end when one line alone exceeds it; inside
    /// the first line when it exceeds <paramref name="maxLineBytes"/>; 0 to wait for more bytes.
    /// </summary>
    private static int CutPoint(ReadOnlySpan<byte> pending, int maxChunkBytes, int maxLineBytes)
    {
        var firstEnd = pending.IndexOf((byte)'\n');
        if ((firstEnd < 0 ? pending.Length : firstEnd) > maxLineBytes)
        {
            var cut = maxLineBytes;
            // Not inside a multi-byte character (at most 3 continuation bytes follow a lead byte).
            while (cut > maxLineBytes - 3 && (pending[cut] & 0b1100_0000) == 0b1000_0000)
            {
                cut--;
            }

            return cut;
        }

        var lastInLimit = pending.Length >= maxChunkBytes ? pending[..maxChunkBytes].LastIndexOf((byte)'\n') : -1;
        if (lastInLimit >= 0)
        {
            return lastInLimit + 1;
        }

        return firstEnd >= 0 && pending.Length >= maxChunkBytes ? firstEnd + 1 : 0;
    }
}
