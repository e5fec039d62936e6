namespace FaultMaven.Api.Ingestion;

/// <summary>What to do with a line longer than <see cref="IngestionOptions.MaxLineBytes"/>.</summary>
public enum OversizedLines
{
    /// <summary>
    /// Cut it to its head of at most the limit (at a UTF-8 character boundary), a record of its own: one line, stored
    /// once with <c>fm.truncated</c> = its whole length; the rest is not kept.
    /// </summary>
    Truncate,

    /// <summary>Refuse the whole request with a 400 naming the line; nothing of it is produced.</summary>
    Reject,
}

/// <summary>A line over the limit when <see cref="OversizedLines.Reject"/> is configured.</summary>
public sealed class LineTooLongException(long line, long limit)
    : Exception($"line {line} is longer than {limit} bytes, the most one Kafka record holds; split it, or set {IngestionOptions.Section}:OversizedLines to Truncate")
{
    public long Line => line;
}

/// <summary>
/// An HTTP ingestion request's decoded body, read whole into a temporary file (deleted on dispose) before anything is
/// produced: a body over the size limit, a corrupt gzip stream or a refused line fails the request with nothing on
/// logs.raw, so a client's retry cannot duplicate half of it.
/// </summary>
public static class IngestBuffer
{
    /// <summary>Copies <paramref name="decoded"/> (already limited to MaxBodyBytes) into a temporary file positioned at its start.</summary>
    /// <exception cref="BodyTooLargeException">More than MaxBodyBytes after decompression.</exception>
    /// <exception cref="InvalidDataException">A corrupt compressed body.</exception>
    /// <exception cref="LineTooLongException">A line over the limit under <see cref="OversizedLines.Reject"/>.</exception>
    public static async Task<Stream> ReadAsync(Stream decoded, IngestionOptions options, CancellationToken cancellationToken)
    {
        var file = new FileStream(
            Path.Combine(Path.GetTempPath(), $"faultmaven-ingest-{Guid.NewGuid():N}"), FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None,
            bufferSize: 81_920, FileOptions.DeleteOnClose | FileOptions.Asynchronous);
        try
        {
            var buffer = new byte[81_920];
            long line = 1, lineBytes = 0;
            int read;
            while ((read = await decoded.ReadAsync(buffer, cancellationToken)) > 0)
            {
                if (options.OversizedLines == OversizedLines.Reject)
                {
                    foreach (var b in buffer.AsSpan(0, read))
                    {
                        (line, lineBytes) = b == '\n' ? (line + 1, 0) : (line, lineBytes + 1);
                        // One byte over may be the CR of a CRLF ending, which is not part of the line.
                        if (lineBytes > options.MaxLineBytes + 1 || (lineBytes == options.MaxLineBytes + 1 && b != '\r'))
                        {
                            throw new LineTooLongException(line, options.MaxLineBytes);
                        }
                    }
                }

                await file.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
            }

            // A CR that ends the input is content.
            if (lineBytes > options.MaxLineBytes)
            {
                throw new LineTooLongException(line, options.MaxLineBytes);
            }

            file.Position = 0;
            return file;
        }
        catch
        {
            await file.DisposeAsync();
            throw;
        }
    }
}
