using System.Runtime.CompilerServices;
using System.Text;

namespace FaultMaven.Cli.Commands;

/// <summary>Receives one line of a file, decoded into a buffer that is reused for the next line.</summary>
internal delegate void LineHandler(ReadOnlySpan<char> line);

/// <summary>
/// Reads a file line by line into reused buffers, so a million-line log costs no string per line. Lines end at LF (a
/// CR before it is dropped); invalid UTF-8 becomes U+FFFD and a leading byte-order mark is skipped, as
/// <see cref="File.ReadLines(string)"/> does.
/// </summary>
internal static class FileLines
{
    private const int ChunkBytes = 1 << 20;

    /// <param name="progress">Called with the bytes read after each chunk.</param>
    /// <remarks>Compiled optimized at once: it runs once, so its loop would otherwise start unoptimized (as MaskedLine.Load in FaultMaven.Analysis).</remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void ForEach(string path, LineHandler handle, Action<long>? progress = null)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1, FileOptions.SequentialScan);
        var bytes = new byte[ChunkBytes];
        var chars = new char[ChunkBytes];
        var filled = 0;
        var first = true;
        while (true)
        {
            var read = stream.Read(bytes, filled, bytes.Length - filled);
            var end = filled + read;
            var start = first && end >= 3 && bytes.AsSpan(0, 3).SequenceEqual("\uFEFF"u8) ? 3 : 0;
            first = false;
            if (read == 0)
            {
                if (end > start)
                {
                    Emit(bytes.AsSpan(start, end - start), ref chars, handle);
                }

                return;
            }

            while (bytes.AsSpan(start, end - start).IndexOf((byte)'\n') is var newline and >= 0)
            {
                Emit(bytes.AsSpan(start, newline), ref chars, handle);
                start += newline + 1;
            }

            progress?.Invoke(read);
            filled = end - start;
            if (filled == bytes.Length)
            {
                // One line longer than the buffer: grow it and keep reading that line.
                Array.Resize(ref bytes, bytes.Length * 2);
            }
            else
            {
                bytes.AsSpan(start, filled).CopyTo(bytes);
            }
        }
    }

    private static void Emit(ReadOnlySpan<byte> line, ref char[] chars, LineHandler handle)
    {
        if (line.EndsWith((byte)'\r'))
        {
            line = line[..^1];
        }

        if (chars.Length < line.Length)
        {
            chars = new char[line.Length];
        }

        var length = Encoding.UTF8.GetChars(line, chars);
        handle(chars.AsSpan(0, length));
    }
}
