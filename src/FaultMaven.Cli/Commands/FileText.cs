using System.Text;

namespace FaultMaven.Cli.Commands;

/// <summary>
/// A file's text as <see cref="File.ReadAllTextAsync(string, CancellationToken)"/> gives it, decoded from one read of
/// its bytes: the reader's chunked decoding into a growing buffer took about 0.45 CPU-s of a 135 MB log, on the way
/// to every line of <c>fm analyze</c>.
/// </summary>
internal static class FileText
{
    public static async Task<string> ReadAsync(string path, CancellationToken cancellationToken)
    {
        var bytes = await File.ReadAllBytesAsync(path, cancellationToken);
        if (!MayStartWithByteOrderMark(bytes))
        {
            return Encoding.UTF8.GetString(bytes);
        }

        // The reader File.ReadAllTextAsync uses, over the bytes already read rather than the file again.
        using var reader = new StreamReader(new MemoryStream(bytes, writable: false), Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        return await reader.ReadToEndAsync(cancellationToken);
    }

    /// <summary>
    /// Whether the file may start with a byte-order mark (UTF-8, UTF-16 or UTF-32), which the reader skips or takes for
    /// another encoding; such files are decoded by it. Other bytes decode as UTF-8, invalid sequences as U+FFFD.
    /// </summary>
    private static bool MayStartWithByteOrderMark(ReadOnlySpan<byte> bytes) => bytes.Length > 0 && bytes[0] is 0xEF or 0xFE or 0xFF or 0x00;
}
