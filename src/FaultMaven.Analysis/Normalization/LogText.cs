using System.Numerics;
using System.Runtime.CompilerServices;
using System.Text;

namespace FaultMaven.Analysis.Normalization;

/// <summary>Receives one line, decoded into a buffer that is reused for the next line: copy what must outlive the call.</summary>
public delegate void LineHandler(ReadOnlySpan<char> line);

/// <summary>
/// The one definition of a line of log input, shared by every reader of a whole file or paste (<c>fm templates</c>,
/// <c>fm detect</c>, <c>fm analyze</c>, <c>POST /logs/analyze</c>) and by the normalizer's split of a record, so that
/// they all count the same lines in the same bytes (docs/normalization.md, "What a line is"). Bytes are decoded by
/// their byte-order mark (UTF-8, UTF-16 or UTF-32, as <see cref="StreamReader"/> detects them), else as UTF-8; the mark
/// is not text. Invalid sequences become U+FFFD, never dropped. A line ends at LF, and a CR right before that LF
/// belongs to the ending; every other character (NUL, a lone CR, form feed, escape) is content. The text after the
/// last LF is one more line when it is not empty, so empty input has no lines. No line is split for its length here.
/// </summary>
public static class LogText
{
    /// <summary>Bytes read at a time by <see cref="ForEachLine"/>.</summary>
    private const int ChunkBytes = 1 << 20;

    /// <summary>The longest byte-order mark (UTF-32's).</summary>
    private const int LongestMark = 4;

    private static readonly Encoding Utf32BigEndian = new UTF32Encoding(bigEndian: true, byteOrderMark: true);

    /// <summary>
    /// The encoding that <paramref name="start"/> (the input's first bytes, up to four) announces with a byte-order mark,
    /// and the mark's length in bytes; UTF-8 and 0 when there is none. Every encoding returned decodes an invalid
    /// sequence to U+FFFD.
    /// </summary>
    public static Encoding EncodingOf(ReadOnlySpan<byte> start, out int markLength)
    {
        (var encoding, markLength) = start switch
        {
            [0xEF, 0xBB, 0xBF, ..] => (Encoding.UTF8, 3),
            [0xFF, 0xFE, 0x00, 0x00, ..] => (Encoding.UTF32, 4),
            [0xFF, 0xFE, ..] => (Encoding.Unicode, 2),
            [0xFE, 0xFF, ..] => (Encoding.BigEndianUnicode, 2),
            [0x00, 0x00, 0xFE, 0xFF, ..] => (Utf32BigEndian, 4),
            _ => (Encoding.UTF8, 0),
        };
        return encoding;
    }

    /// <summary>The text of a whole input: decoded by its byte-order mark, without it.</summary>
    public static string Decode(ReadOnlySpan<byte> bytes)
    {
        var encoding = EncodingOf(bytes, out var markLength);
        return encoding.GetString(bytes[markLength..]);
    }

    /// <summary>
    /// The text of a whole stream, read to its end (as <see cref="Decode"/>). A file is read in one go into an array of
    /// its size: a reader's chunked decoding into a growing buffer took about 0.45 CPU-s of a 135 MB log.
    /// </summary>
    public static async Task<string> ReadToEndAsync(Stream stream, CancellationToken cancellationToken)
    {
        if (stream.CanSeek)
        {
            var bytes = new byte[stream.Length - stream.Position];
            await stream.ReadExactlyAsync(bytes, cancellationToken);
            return Decode(bytes);
        }

        using var buffer = new MemoryStream();
        await stream.CopyToAsync(buffer, cancellationToken);
        return Decode(buffer.GetBuffer().AsSpan(0, (int)buffer.Length));
    }

    /// <summary>
    /// Where the first line of <paramref name="text"/> (bytes of UTF-8, or characters) ends: the length of its content,
    /// with <paramref name="next"/> where the line after it starts; -1 when no LF ends it, so that it goes on in input
    /// not read yet or, at the end of the input, is the last line (whole, its content the rest of the text).
    /// </summary>
    public static int LineEnd<T>(ReadOnlySpan<T> text, out int next)
        where T : IBinaryInteger<T>
    {
        var lineFeed = text.IndexOf(T.CreateTruncating('\n'));
        if (lineFeed < 0)
        {
            next = text.Length;
            return -1;
        }

        next = lineFeed + 1;
        return lineFeed > 0 && text[lineFeed - 1] == T.CreateTruncating('\r') ? lineFeed - 1 : lineFeed;
    }

    /// <summary>Whether a line's content (without its ending) is blank: nothing but spaces, tabs, CR, form feeds and vertical tabs.</summary>
    public static bool IsBlank(ReadOnlySpan<byte> content) => content.TrimStart(" \t\r\f\v"u8).IsEmpty;

    /// <summary>
    /// How many bytes to keep of <paramref name="line"/>, UTF-8 longer than <paramref name="limit"/>, cut to at most
    /// <paramref name="limit"/>: the limit, less the bytes of a character the cut would split. Only a lead byte and
    /// the up to three continuation bytes after it make a character, so invalid bytes are cut anywhere and never make
    /// the head shorter.
    /// </summary>
    public static int CutPoint(ReadOnlySpan<byte> line, int limit)
    {
        if (line.Length <= limit)
        {
            return line.Length;
        }

        var cut = limit;
        while (cut > 0 && cut > limit - 3 && IsContinuation(line[cut]))
        {
            cut--;
        }

        return cut < limit && (line[cut] & 0xC0) == 0xC0 ? cut : limit;

        static bool IsContinuation(byte b) => (b & 0xC0) == 0x80;
    }

    /// <summary>
    /// Decodes <paramref name="stream"/> a chunk at a time and hands each line to <paramref name="handle"/> in a reused
    /// buffer, so a million-line log costs no string per line. A line longer than the buffer grows it.
    /// </summary>
    /// <param name="progress">Called with the bytes read after each chunk.</param>
    /// <param name="maxLines">Stops after this many lines (a sample of the input's start).</param>
    /// <remarks>Compiled optimized at once: it runs once, so its loop would otherwise start unoptimized (as MaskedLine.Load).</remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void ForEachLine(Stream stream, LineHandler handle, Action<long>? progress = null, int maxLines = int.MaxValue)
    {
        var bytes = new byte[ChunkBytes];
        var read = stream.ReadAtLeast(bytes, LongestMark, throwOnEndOfStream: false);
        var decoder = EncodingOf(bytes.AsSpan(0, read), out var markLength).GetDecoder();
        var chars = new char[ChunkBytes];
        var filled = 0;
        var lines = 0;
        var start = markLength;
        while (true)
        {
            var final = read == 0;
            filled += decoder.GetChars(bytes.AsSpan(start, read - start), Grown(ref chars, filled, read - start), final);
            var text = chars.AsSpan(0, filled);
            var consumed = 0;
            while (lines < maxLines && LineEnd(text[consumed..], out var next) is var length and >= 0)
            {
                handle(text.Slice(consumed, length));
                consumed += next;
                lines++;
            }

            if (lines == maxLines)
            {
                return;
            }

            if (final)
            {
                if (consumed < filled)
                {
                    handle(text[consumed..]);
                }

                return;
            }

            progress?.Invoke(read);
            text[consumed..].CopyTo(chars);
            filled -= consumed;
            start = 0;
            read = stream.Read(bytes);
        }
    }

    /// <summary>The lines of <paramref name="stream"/> as strings (as <see cref="ForEachLine"/>), at most <paramref name="maxLines"/>.</summary>
    public static List<string> ReadLines(Stream stream, int maxLines = int.MaxValue)
    {
        var lines = new List<string>();
        ForEachLine(stream, line => lines.Add(line.ToString()), maxLines: maxLines);
        return lines;
    }

    /// <summary>The room after the first <paramref name="filled"/> characters for decoding <paramref name="byteCount"/> more bytes, growing the buffer when a long line needs it.</summary>
    private static Span<char> Grown(ref char[] chars, int filled, int byteCount)
    {
        // One character per byte at most, plus what the decoder holds back from the chunk before (a split sequence).
        var needed = filled + byteCount + LongestMark;
        if (chars.Length < needed)
        {
            Array.Resize(ref chars, Math.Max(needed, chars.Length * 2));
        }

        return chars.AsSpan(filled);
    }
}
