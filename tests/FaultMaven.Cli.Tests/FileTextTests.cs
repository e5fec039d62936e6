using System.Text;
using FaultMaven.Cli.Commands;

namespace FaultMaven.Cli.Tests;

/// <summary>Reading a file's bytes once gives the text the stream reader gives, on real logs and on the bytes that decode differently.</summary>
public sealed class FileTextTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("fm-filetext").FullName;

    public static TheoryData<string> Loghub() =>
        [.. Directory.EnumerateFiles(Path.Combine(AppContext.BaseDirectory, "Loghub"), "*.log", SearchOption.AllDirectories).Order(StringComparer.Ordinal)];

    [Theory]
    [MemberData(nameof(Loghub))]
    public async Task A_log_reads_as_the_stream_reader_reads_it(string path)
    {
        Assert.Equal(await File.ReadAllTextAsync(path), await FileText.ReadAsync(path, CancellationToken.None));
    }

    public static TheoryData<string> Edges() => ["empty", "bom utf-8", "bom utf-16le", "bom utf-16be", "bom utf-32be", "invalid utf-8 across reader chunks", "random bytes"];

    [Theory]
    [MemberData(nameof(Edges))]
    public async Task Marks_and_invalid_bytes_read_as_the_stream_reader_reads_them(string edge)
    {
        var path = Path.Combine(folder, "edge.log");
        await File.WriteAllBytesAsync(path, Bytes(edge));

        Assert.Equal(await File.ReadAllTextAsync(path), await FileText.ReadAsync(path, CancellationToken.None));
    }

    public void Dispose() => Directory.Delete(folder, recursive: true);

    private static byte[] Bytes(string edge)
    {
        var line = "2024-05-03 10:00:00 ERROR disk full \u00e9\u4e2d\n";
        return edge switch
        {
            "empty" => [],
            "bom utf-8" => [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(line)],
            "bom utf-16le" => [.. Encoding.Unicode.GetPreamble(), .. Encoding.Unicode.GetBytes(line)],
            "bom utf-16be" => [.. Encoding.BigEndianUnicode.GetPreamble(), .. Encoding.BigEndianUnicode.GetBytes(line)],
            "bom utf-32be" => [0x00, 0x00, 0xFE, 0xFF, .. new UTF32Encoding(bigEndian: true, byteOrderMark: false).GetBytes(line)],
            // Truncated and overlong sequences, lone continuation bytes and surrogates, on both sides of the reader's 4 KiB chunks.
            "invalid utf-8 across reader chunks" => [.. Enumerable.Range(0, 4096 * 3).SelectMany(index => index % 4093 == 0
                ? new byte[] { 0xE2, 0x82, 0xC0, 0x80, 0xED, 0xA0, 0x80, 0xF0, 0x9F, 0x98 }
                : "ab\n"u8.ToArray())],
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
}
