using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using FaultMaven.Analysis.Normalization;
using FaultMaven.Contracts;

namespace FaultMaven.Analysis.Filtering;

/// <summary>
/// Collapses exact repeats (same level, service, host and message) that follow each other within a window into one event with
/// <see cref="AttributeKeys.Repeat"/> and <see cref="AttributeKeys.LastSeen"/>, so bursts cost one row and their count is kept.
/// Pure: the per-source <see cref="RepeatState"/> goes in and comes out.
/// </summary>
public sealed class RepeatCollapser(TimeSpan window)
{
    public (IReadOnlyList<LogEvent> Emitted, RepeatState State) Accept(LogEvent logEvent, RepeatState state)
    {
        if (state.Held is { } held && IsRepeat(held, logEvent))
        {
            return ([], state with { Count = state.Count + 1, LastSeen = logEvent.Timestamp });
        }

        var emitted = state.Held is null ? [] : new[] { Complete(state) };
        return (emitted, new RepeatState(logEvent, 1, logEvent.Timestamp));
    }

    /// <summary>Emits the held event once no repeat can join it any more: <paramref name="now"/> is past its window.</summary>
    public (IReadOnlyList<LogEvent> Emitted, RepeatState State) Flush(RepeatState state, DateTimeOffset now) =>
        state.Held is { } held && now - held.Timestamp >= window
            ? ([Complete(state)], RepeatState.Empty)
            : ([], state);

    private bool IsRepeat(LogEvent held, LogEvent next) =>
        next.Message == held.Message && next.Level == held.Level && next.Service == held.Service && next.Host == held.Host
        && next.Timestamp - held.Timestamp <= window && next.Timestamp >= held.Timestamp;

    private static LogEvent Complete(RepeatState state)
    {
        var held = state.Held!;
        if (state.Count == 1)
        {
            return held;
        }

        var attributes = new Dictionary<string, string>(held.Attributes)
        {
            [AttributeKeys.Repeat] = state.Count.ToString(CultureInfo.InvariantCulture),
            [AttributeKeys.LastSeen] = state.LastSeen.ToString("O", CultureInfo.InvariantCulture),
        };
        return held with { Attributes = attributes };
    }
}

/// <summary>The event a source's <see cref="RepeatCollapser"/> holds back while repeats may still follow; serializable for a state store.</summary>
public sealed record RepeatState(LogEvent? Held = null, int Count = 0, DateTimeOffset LastSeen = default)
{
    public static RepeatState Empty { get; } = new();

    public byte[] ToJson() => JsonSerializer.SerializeToUtf8Bytes(this, RepeatStateJsonContext.Default.RepeatState);

    public static RepeatState FromJson(ReadOnlySpan<byte> json) =>
        JsonSerializer.Deserialize(json, RepeatStateJsonContext.Default.RepeatState) ?? Empty;
}

[JsonSourceGenerationOptions(UseStringEnumConverter = true, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(RepeatState))]
internal sealed partial class RepeatStateJsonContext : JsonSerializerContext;
