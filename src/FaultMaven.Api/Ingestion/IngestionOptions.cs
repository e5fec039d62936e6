using FaultMaven.Pipeline.Ingestion;

namespace FaultMaven.Api.Ingestion;

/// <summary>Configuration section <c>FaultMaven:Ingestion</c>: HTTP ways into logs.raw.</summary>
public sealed class IngestionOptions
{
    public const string Section = "FaultMaven:Ingestion";

    /// <summary>Largest accepted request, counted after gzip decompression.</summary>
    public long MaxBodyBytes { get; set; } = 64L * 1024 * 1024;

    /// <summary>
    /// Longest line put into a record whole (1,024 to <see cref="LineChunker.MaxRecordLineBytes"/> bytes, without its
    /// ending); a longer one is cut to its head once, or refused (<see cref="OversizedLines"/>). By default what the
    /// normalizer keeps of a line, 64 KiB. <c>fm push</c> reads the same key.
    /// </summary>
    public int MaxLineBytes { get; set; } = LineChunker.DefaultMaxLineBytes;

    public OversizedLines OversizedLines { get; set; } = OversizedLines.Truncate;

    /// <summary>Tokens accepted in <c>Authorization: Splunk TOKEN</c> by the HEC endpoints; none means HEC is disabled.</summary>
    public List<string> HecTokens { get; set; } = [];

    /// <summary>
    /// Whether HEC also takes the token as <c>?token=</c>, as Splunk does for tokens with query-string authorization on
    /// (for clients that cannot set headers). Off by default: URLs end up in proxy and access logs.
    /// </summary>
    public bool HecQueryStringToken { get; set; }

    /// <summary>
    /// Longest an upload waits for the broker to acknowledge a record (librdkafka's <c>message.timeout.ms</c> for the
    /// API's producer) or for flow control to admit the next one, before the request is answered 503 with what was and
    /// was not stored. Well below HTTP clients' usual timeouts (60–100 s), so a client hears the answer and can retry
    /// with its Idempotency-Key instead of giving up blind.
    /// </summary>
    public TimeSpan DeliveryTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The <c>Retry-After</c> of that 503.</summary>
    public TimeSpan RetryAfterInterruption { get; set; } = TimeSpan.FromSeconds(10);

    public const int MaxDeliveryTimeoutSeconds = 120;

    public IEnumerable<string> Validate()
    {
        if (DeliveryTimeout < TimeSpan.FromSeconds(1) || DeliveryTimeout > TimeSpan.FromSeconds(MaxDeliveryTimeoutSeconds))
        {
            yield return $"{Section}:DeliveryTimeout must be between 00:00:01 and {TimeSpan.FromSeconds(MaxDeliveryTimeoutSeconds):c} (was {DeliveryTimeout:c})";
        }

        if (RetryAfterInterruption < TimeSpan.FromSeconds(1) || RetryAfterInterruption > TimeSpan.FromHours(1))
        {
            yield return $"{Section}:RetryAfterInterruption must be between 00:00:01 and 01:00:00 (was {RetryAfterInterruption:c})";
        }

        if (MaxBodyBytes is < 1024 or > 4L * 1024 * 1024 * 1024)
        {
            yield return $"{Section}:MaxBodyBytes must be between 1 KiB and 4 GiB (was {MaxBodyBytes})";
        }

        if (LineChunker.MaxLineBytesProblem(MaxLineBytes, LineChunker.MaxLineBytesKey) is { } maxLineBytes)
        {
            yield return maxLineBytes;
        }

        if (!Enum.IsDefined(OversizedLines))
        {
            yield return $"{Section}:OversizedLines must be Truncate or Reject";
        }

        if (HecTokens.Any(t => t.Length < 16))
        {
            yield return $"{Section}:HecTokens entries must be at least 16 characters long";
        }
    }
}
