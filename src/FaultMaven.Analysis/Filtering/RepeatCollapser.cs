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
/// <param name="window">See <see cref="Window"/>; not negative.</param>
/// <param name="quietAfter">See <see cref="QuietAfter"/>; positive, capped at the window; the window when not given.</param>
public sealed class RepeatCollapser(TimeSpan window, TimeSpan? quietAfter = null)
{
    /// <summary>How long after an event its exact repeats still join it; zero collapses only repeats with the same timestamp.</summary>
    public TimeSpan Window { get; } = window >= TimeSpan.Zero ? window : throw new ArgumentOutOfRangeException(nameof(window), window, "The repeat window cannot be negative.");

    /// <summary>How long a source may send nothing (wall clock) before its held event is released without waiting out <see cref="Window"/>.</summary>
    public TimeSpan QuietAfter { get; } = quietAfter is not { } quiet ? window
        : quiet > TimeSpan.Zero ? TimeSpan.FromTicks(Math.Min(quiet.Ticks, Math.Max(window.Ticks, 0)))
        : throw new ArgumentOutOfRangeException(nameof(quietAfter), quiet, "The quiet time must be positive.");

    /// <summary>How many occurrences an event stands for: its <see cref="AttributeKeys.Repeat"/> count when collapsed, else one.</summary>
    public static int Occurrences(LogEvent logEvent) =>
        logEvent.Attributes.TryGetValue(AttributeKeys.Repeat, out var repeat)
        && int.TryParse(repeat, NumberStyles.None, CultureInfo.InvariantCulture, out var count)
        && count > 1
            ? count
            : 1;

    /// <summary>Joins <paramref name="logEvent"/> to the held event when it repeats it, else emits the held event and holds this one from <paramref name="now"/> (wall clock) on.</summary>
    public (IReadOnlyList<LogEvent> Emitted, RepeatState State) Accept(LogEvent logEvent, RepeatState state, DateTimeOffset now)
    {
        if (state.Held is { } held && IsRepeat(held, logEvent))
        {
            return ([], state with { Count = state.Count + 1, LastSeen = logEvent.Timestamp, LastArrival = now });
        }

        var emitted = state.Held is null ? [] : new[] { Complete(state) };
        return (emitted, new RepeatState(logEvent, 1, logEvent.Timestamp, now, now));
    }

    /// <summary>
    /// Emits the held event once it has been held for a window of wall-clock time, or once its source has sent nothing
    /// for <see cref="QuietAfter"/>. Compared with its own timestamp instead, an event from a lagging source would be
    /// released at once and one from a clock running ahead held indefinitely.
    /// </summary>
    /// <param name="sourceHeldUpstream">
    /// Whether the step before still holds a line of the source, which it hands over with the news that the source is
    /// quiet (<see cref="Release"/>). Then only the window releases the held event: released on quiet time as well, it
    /// could go before that line, which may be its next repeat, and the run would become two events.
    /// </param>
    public (IReadOnlyList<LogEvent> Emitted, RepeatState State) Flush(RepeatState state, DateTimeOffset now, bool sourceHeldUpstream = false) =>
        now - state.HeldSince >= Window || (!sourceHeldUpstream && now - state.LastArrival >= QuietAfter) ? Release(state) : ([], state);

    /// <summary>Emits the held event now, whatever the clock: its source is known to have gone quiet.</summary>
    public (IReadOnlyList<LogEvent> Emitted, RepeatState State) Release(RepeatState state) =>
        state.Held is null ? ([], state) : ([Complete(state)], RepeatState.Empty);

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
/// The event a source's <see cref="RepeatCollapser"/> holds back while repeats may still follow, how often it occurred, since
/// when (wall clock) it is held and when (wall clock) its last repeat arrived; serializable for a state store. A state stored
/// before <paramref name="LastArrival"/> existed reads it as the distant past, so its event is released at the next flush.
/// </summary>
public sealed record RepeatState(LogEvent? Held = null, int Count = 0, DateTimeOffset LastSeen = default, DateTimeOffset HeldSince = default, DateTimeOffset LastArrival = default)
{
    public static RepeatState Empty { get; } = new();

    /// <summary>
    /// The state with its wall-clock times no earlier than <paramref name="since"/>: how a run of the worker that first
    /// read it at <paramref name="since"/> must see a state an earlier run wrote (restored after a restart or a
    /// rebalance). The earlier run's times would release the held event at the first flush, before the normalizer,
    /// whose own idle clock starts again with the run, hands over the next repeat it still holds.
    /// </summary>
    public RepeatState NotBefore(DateTimeOffset since) =>
        Held is null || (HeldSince >= since && LastArrival >= since)
            ? this
            : this with { HeldSince = HeldSince < since ? since : HeldSince, LastArrival = LastArrival < since ? since : LastArrival };

    public byte[] ToJson() => JsonSerializer.SerializeToUtf8Bytes(this, RepeatStateJsonContext.Default.RepeatState);

    public static RepeatState FromJson(ReadOnlySpan<byte> json) =>
        JsonSerializer.Deserialize(json, RepeatStateJsonContext.Default.RepeatState) ?? Empty;
}

[JsonSourceGenerationOptions(UseStringEnumConverter = true, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(RepeatState))]
internal sealed partial class RepeatStateJsonContext : JsonSerializerContext;
