using System.Text.Json;
using System.Text.Json.Serialization;
using FaultMaven.Contracts;

namespace FaultMaven.Analysis.Normalization;

/// <summary>
/// What the normalizer remembers about one source between records: its table header, the format its last line had (tried first),
/// the multi-line event still open, and the header layout learned from its lines (null before its first line).
/// Small and serializable, for a key-value state store keyed by source.
/// </summary>
public sealed record SourceState(TableHeader? Table = null, LogFormat LastFormat = LogFormat.Auto, PendingEvent? Pending = null, HeaderState? Header = null)
{
    public static SourceState Empty { get; } = new();

    public byte[] ToJson() => JsonSerializer.SerializeToUtf8Bytes(this, SourceStateJsonContext.Default.SourceState);

    public static SourceState FromJson(ReadOnlySpan<byte> json) =>
        JsonSerializer.Deserialize(json, SourceStateJsonContext.Default.SourceState) ?? Empty;
}

/// <summary>An event that may still receive continuation lines (a stack trace, PostgreSQL DETAIL lines). Its text is already masked.</summary>
/// <param name="Lines">How many input lines it holds so far.</param>
/// <param name="LastLineAt">Arrival time of the record that gave it its last line; the idle timeout counts from here.</param>
/// <param name="InsidePrivateKey">A PEM private key block opened and not yet closed, so the next lines are masked whole.</param>
/// <param name="Bytes">Its lines' lengths as they were written, with one for the line feed between two: what <see cref="AttributeKeys.Truncated"/> says once it is cut.</param>
public sealed record PendingEvent(LogEvent Event, LogFormat Format, int Lines, bool Truncated, DateTimeOffset LastLineAt, bool InsidePrivateKey, long Bytes = 0);

[JsonSourceGenerationOptions(UseStringEnumConverter = true, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(SourceState))]
internal sealed partial class SourceStateJsonContext : JsonSerializerContext;
