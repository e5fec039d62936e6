namespace FaultMaven.Api.Ingestion;

public sealed class BodyTooLargeException(long limit) : IOException($"the request body exceeds {limit} bytes (after decompression)")
{
    public long Limit => limit;
}
