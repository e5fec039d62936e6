using System.Text;
using FaultMaven.Analysis.Normalization;

namespace FaultMaven.Cli.Tests;

/// <summary>
/// The shared reading of a log (<see cref="LogText"/>): a file's text is what the stream reader gives, on real logs and
/// on the bytes that decode differently, and its lines are the same however the bytes arrive.
/// </summary>
public sealed class LogTextDecodingTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("fm-logtext").FullName;

    public static TheoryData<string> Loghub() =>
        [.. Directory.EnumerateFiles(Path.Combine(AppContext.BaseDirectory, "Loghub"), "*.log", SearchOption.AllDirectories).Order(StringComparer.Ordinal)];

    [Theory]
    [MemberData(nameof(Loghub))]
    public async Task A_log_reads_as_the_stream_reader_reads_it(string path)
    {
        await using var file = File.OpenRead(path);

        Assert.Equal(await File.ReadAllTextAsync(path), await LogText.ReadToEndAsync(file, CancellationToken.None));
    }

    public static TheoryData<string> Edges() =>
        ["empty", "bom utf-8", "bom utf-16le", "bom utf-16be", "bom utf-32le", "bom utf-32be", "invalid utf-8 across reader chunks", "random bytes", "hostile lines"];

    [Theory]
    [MemberData(nameof(Edges))]
    public async Task Marks_and_invalid_bytes_read_as_the_stream_reader_reads_them_from_a_file_or_a_pipe(string edge)
    {
        var path = Path.Combine(folder, "edge.log");
        var bytes = Bytes(edge);
        await File.WriteAllBytesAsync(path, bytes);
        await using var file = File.OpenRead(path);

        var expected = await File.ReadAllTextAsync(path);
        Assert.Equal(expected, await LogText.ReadToEndAsync(file, CancellationToken.None));
        Assert.Equal(expected, await LogText.ReadToEndAsync(new Trickle(bytes, new Random(1)), CancellationToken.None));
    }

    [Theory]
    [MemberData(nameof(Edges))]
    public void Lines_are_the_same_however_the_bytes_arrive_and_end_only_at_LF_or_CRLF(string edge)
    {
        var bytes = Bytes(edge);
        var expected = LinesOf(LogText.Decode(bytes));

        Assert.Equal(expected, LogText.ReadLines(new MemoryStream(bytes)));
        for (var seed = 0; seed < 5; seed++)
        {
            Assert.Equal(expected, LogText.ReadLines(new Trickle(bytes, new Random(seed))));
        }

        Assert.Equal(expected.Take(3), LogText.ReadLines(new Trickle(bytes, new Random(9)), maxLines: 3));
    }

    public void Dispose() => Directory.Delete(folder, recursive: true);

    /// <summary>The definition, written out separately: split at LF, one CR before it dropped, no line after a final LF.</summary>
    private static List<string> LinesOf(string text)
    {
        var parts = text.Split('\n').ToList();
        if (parts[^1].Length == 0)
        {
            parts.RemoveAt(parts.Count - 1);
        }

        return [.. parts.Select((part, index) => index < parts.Count - 1 || text.EndsWith('\n') ? (part.EndsWith('\r') ? part[..^1] : part) : part)];
    }

    private static byte[] Bytes(string edge)
    {
        var line = "2024-05-03 10:00:00 ERROR disk full \u00e9\u4e2d\n";
        return edge switch
        {
            "empty" => [],
            "bom utf-8" => [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(line)],
            "bom utf-16le" => [.. Encoding.Unicode.GetPreamble(), .. Encoding.Unicode.GetBytes(line + "a\r\nb\rc")],
            "bom utf-16be" => [.. Encoding.BigEndianUnicode.GetPreamble(), .. Encoding.BigEndianUnicode.GetBytes(line)],
            "bom utf-32le" => [.. Encoding.UTF32.GetPreamble(), .. Encoding.UTF32.GetBytes(line)],
            "bom utf-32be" => [0x00, 0x00, 0xFE, 0xFF, .. new UTF32Encoding(bigEndian: true, byteOrderMark: false).GetBytes(line)],
            // Truncated and overlong sequences, lone continuation bytes and surrogates, on both sides of the reader's 4 KiB chunks.
            "invalid utf-8 across reader chunks" => [.. Enumerable.Range(0, 4096 * 3).SelectMany(index => index % 4093 == 0
                ? new byte[] { 0xE2, 0x82, 0xC0, 0x80, 0xED, 0xA0, 0x80, 0xF0, 0x9F, 0x98 }
                : "ab\n"u8.ToArray())],
            "hostile lines" => [.. "a\0b\r\nlone\rcr\r\r\n\n\f\v \t\n\u001b[31mred\n"u8, 0xE2, 0x82, (byte)'\n', 0xFF, 0xC0, .. "last\r"u8],
            _ => RandomBytes(),
        };
    }

    private static byte[] RandomBytes()
    {
        var bytes = new byte[64 * 1024];
        new Random(16).NextBytes(bytes);
        bytes[0] = (byte)'x';
        return bytes;
    }

    /// <summary>A pipe that gives its bytes a few at a time, so that characters and CRLF pairs are split between reads.</summary>
    private sealed class Trickle(byte[] bytes, Random random) : Stream
    {
        private int position;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            var taken = Math.Min(Math.Min(count, random.Next(1, 8)), bytes.Length - position);
            bytes.AsSpan(position, taken).CopyTo(buffer.AsSpan(offset));
            position += taken;
            return taken;
        }

        public override void Flush() => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
