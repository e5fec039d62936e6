namespace FaultMaven.Api.Ingestion;

/// <summary>Reads through to an inner stream it owns; subclasses see the count of each read and each failure.</summary>
public abstract class ReadThroughStream(Stream inner) : Stream
{
    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count)
    {
        try
        {
            return Counted(inner.Read(buffer, offset, count));
        }
        catch (Exception exception) when (Translated(exception) is { } translated)
        {
            throw translated;
        }
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        try
        {
            return Counted(await inner.ReadAsync(buffer, cancellationToken));
        }
        catch (Exception exception) when (Translated(exception) is { } translated)
        {
            throw translated;
        }
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    /// <summary>Sees how many bytes a read returned; may throw instead.</summary>
    protected virtual int Counted(int read) => read;

    /// <summary>The exception to throw in place of one from the inner stream, or null to let it through.</summary>
    protected virtual Exception? Translated(Exception exception) => null;

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
        }

        base.Dispose(disposing);
    }
}

/// <summary>Fails once more than a limit has been read: guards decompressed multipart files.</summary>
public sealed class LimitedReadStream(Stream inner, long limit) : ReadThroughStream(inner)
{
    private long total;

    protected override int Counted(int read)
    {
        total += read;
        return total > limit ? throw new BodyTooLargeException(limit) : read;
    }
}
