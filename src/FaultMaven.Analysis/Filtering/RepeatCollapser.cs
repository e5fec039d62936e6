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
    /// <summary>How long after an event its exact repeats still join it; zero collapses only repeats with the same timestamp.</summary>
    public TimeSpan Window { get; } = window >= TimeSpan.Zero ? window : throw new ArgumentOutOfRangeException(nameof(window), window, "The repeat window cannot be negative.");

    /// <summary>How many occurrences an event stands for: its <see cref="AttributeKeys.Repeat"/> count when collapsed, else one.</summary>
    public static int Occurrences(LogEvent logEvent) =>
        logEvent.Attributes.TryGetValue(AttributeKeys.Repeat, out var repeat)
        && int.TryParse(repeat, NumberStyles.None, CultureInfo.InvariantCulture, out var count)
        && count > 1
            ? count
            : 1;

    /// <summary>
    /// Joins <paramref name="logEvent"/> to the held event when it repeats it, else emits the held event and holds this one;
    /// either way the source had input at <paramref name="now"/> (wall clock). A line at or before <see cref="RepeatState.Applied"/> is ignored: the state
    /// already counts it, which happens when a stream replays input whose state was saved but whose offsets were not committed.
    /// </summary>
    public (IReadOnlyList<LogEvent> Emitted, RepeatState State) Accept(LogEvent logEvent, RepeatState state, DateTimeOffset now)
    {
        if (IsApplied(logEvent.Raw, state.Applied))
        {
            return ([], state);
        }

        if (state.Held is { } held && IsRepeat(held, logEvent))
        {
            return ([], state with { Count = state.Count + 1, LastSeen = logEvent.Timestamp, LastInput = now, Applied = logEvent.Raw });
        }

        var emitted = state.Held is null ? [] : new[] { Complete(state) };
        return (emitted, state with { Held = logEvent, Count = 1, LastSeen = logEvent.Timestamp, LastInput = now, Applied = logEvent.Raw });
    }

    /// <summary>
    /// Emits the held event once its source has been quiet (no input) for a window of wall-clock time. Compared with the
    /// event's own timestamp instead, an event from a lagging source would be released at once and one from a clock running
    /// ahead held indefinitely. A source that keeps sending does not need this: the event-time window in <see cref="Accept"/>
    /// releases a long run of repeats, so while input flows every release follows from the input alone, and a stream that
    /// replays that input after a crash releases the same events.
    /// </summary>
    public (IReadOnlyList<LogEvent> Emitted, RepeatState State) Flush(RepeatState state, DateTimeOffset now) =>
        state.Held is not null && now - state.LastInput >= Window
            ? ([Complete(state)], state with { Held = null, Count = 0, LastSeen = default })
            : ([], state);

    /// <summary>
    /// Whether the raw line at <paramref name="position"/> comes after <paramref name="applied"/> in its input. Positions are
    /// ordered within one partition of one topic; a line from elsewhere (a source moved to another partition) is new by
    /// definition.
    /// </summary>
    public static bool IsAfter(RawOffset position, RawOffset applied) =>
        position.Topic != applied.Topic
        || position.Partition != applied.Partition
        || position.Offset > applied.Offset
        || (position.Offset == applied.Offset && position.Index > applied.Index);

    private static bool IsApplied(RawOffset position, RawOffset? applied) => applied is not null && !IsAfter(position, applied);

    // A JSON or logfmt line keeps its other fields as attributes: two lines with the same message but other fields
    // (a request id, a status) are not repeats, and collapsing them would lose the second line's fields.
    private bool IsRepeat(LogEvent held, LogEvent next) =>
        next.Message == held.Message && next.Level == held.Level && next.Service == held.Service && next.Host == held.Host
        && next.Timestamp - held.Timestamp <= Window && next.Timestamp >= held.Timestamp
        && SameAttributes(held.Attributes, next.Attributes);

    private static bool SameAttributes(IReadOnlyDictionary<string, string> held, IReadOnlyDictionary<string, string> next) =>
        held.Count == next.Count && held.All(attribute => next.TryGetValue(attribute.Key, out var value) && value == attribute.Value);

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

/// <summary>
/// The event a source's <see cref="RepeatCollapser"/> holds back while repeats may still follow, how often it occurred, and when
/// (wall clock) the source last had input; serializable for a state store. <see cref="Applied"/> is the raw position of the
/// last line accepted, so a replayed line is not counted twice. Two members are for the stream that keeps this state (the
/// collapser passes them through unchanged): <see cref="Unforwarded"/>, events released but not yet sent on because the
/// state that released them is not yet durable, and <see cref="Previous"/>, the source's state as of the last completed
/// commit before this one was written, to fall back on when this one turns out to be ahead of the committed input offsets.
/// </summary>
public sealed record RepeatState(
    LogEvent? Held = null,
    int Count = 0,
    DateTimeOffset LastSeen = default,
    DateTimeOffset LastInput = default,
    RawOffset? Applied = null,
    IReadOnlyList<LogEvent>? Unforwarded = null,
    RepeatState? Previous = null)
{
    public static RepeatState Empty { get; } = new();

    public byte[] ToJson() => JsonSerializer.SerializeToUtf8Bytes(this, RepeatStateJsonContext.Default.RepeatState);

    public static RepeatState FromJson(ReadOnlySpan<byte> json) =>
        JsonSerializer.Deserialize(json, RepeatStateJsonContext.Default.RepeatState) ?? Empty;
}

[JsonSourceGenerationOptions(UseStringEnumConverter = true, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(RepeatState))]
internal sealed partial class RepeatStateJsonContext : JsonSerializerContext;
