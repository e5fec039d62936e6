using System.Buffers;
using System.Runtime.CompilerServices;

namespace FaultMaven.Pipeline.Ingestion;

/// <summary>
/// Cuts a byte stream into Kafka record values of about <c>maxChunkBytes</c>, only at line ends, so a record
/// never splits a line (a single longer line becomes a record of its own; the normalizer truncates it).
/// </summary>
public static class LineChunker
{
    public const int DefaultChunkBytes = 64 * 1024;

    public static async IAsyncEnumerable<byte[]> ChunksAsync(Stream input, int maxChunkBytes = DefaultChunkBytes, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var pending = new ArrayBufferWriter<byte>(maxChunkBytes * 2);
        var buffer = ArrayPool<byte>.Shared.Rent(maxChunkBytes);
        try
        {
            int read;
            while ((read = await input.ReadAsync(buffer.AsMemory(0, maxChunkBytes), cancellationToken)) > 0)
            {
                pending.Write(buffer.AsSpan(0, read));
                while (pending.WrittenCount >= maxChunkBytes && CutPoint(pending.WrittenSpan, maxChunkBytes) is var cut and > 0)
                {
                    yield return pending.WrittenSpan[..cut].ToArray();
                    var rest = pending.WrittenSpan[cut..].ToArray();
                    pending.Clear();
                    pending.Write(rest);
                }
            }

            if (pending.WrittenCount > 0)
            {
                yield return pending.WrittenSpan.ToArray();
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>After the last line end within the limit; after the first line end when one line alone exceeds it; 0 to wait for more bytes.</summary>
    private static int CutPoint(ReadOnlySpan<byte> pending, int maxChunkBytes)
    {
        var lastInLimit = pending[..maxChunkBytes].LastIndexOf((byte)'\n');
        if (lastInLimit >= 0)
        {
            return lastInLimit + 1;
        }

        var firstEnd = pending.IndexOf((byte)'\n');
        return firstEnd >= 0 ? firstEnd + 1 : 0;
    }
}
