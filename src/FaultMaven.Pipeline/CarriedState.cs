using System.Buffers;
using System.Runtime.InteropServices;
using System.Text.Json;
using FaultMaven.Analysis.Filtering;
using FaultMaven.Analysis.Normalization;

namespace FaultMaven.Pipeline;

/// <summary>
/// What one source carries from one raw record to the next: the normalizer's state (an unfinished multi-line event, a
/// CSV header) and the collapser's held repeat. Both live in one record of the
/// <see cref="LogPipelineTopology.CarriedEventStore"/>, so a commit writes them to its changelog as one record: a
/// worker killed while the commit's records were on their way restores both as of the same raw offset. Kept in two
/// stores, the normalizer's could arrive and the collapser's not, and the restarted worker then started from a
/// normalizer that had already handed an event over and a collapser that had not yet received it.
/// </summary>
/// <remarks>
/// <para><see cref="Offset"/> is the last raw offset (of the source's partition of <c>logs.raw</c>) the state reflects,
/// -1 before the first. <see cref="Base"/> is the state as of the last commit (its own <see cref="Base"/> is null) and
/// <see cref="Interval"/> names the commit interval it was taken in (<see cref="CarriedStates"/>): a worker killed
/// inside a commit can restore this record while the batches forwarded in the same interval were lost, and a replay
/// from the committed offset then starts from <see cref="Base"/>, which still carries what those batches carried.</para>
/// </remarks>
public sealed record CarriedState(SourceState Normalizer, RepeatState Collapser)
{
    private const string NormalizerProperty = "normalizer";
    private const string CollapserProperty = "collapser";
    private const string OffsetProperty = "offset";
    private const string IntervalProperty = "interval";
    private const string BaseProperty = "base";

    public static CarriedState Empty { get; } = new(SourceState.Empty, RepeatState.Empty);

    /// <summary>The last raw offset this state reflects; -1 when none (or when the record predates offsets).</summary>
    public long Offset { get; init; } = -1;

    /// <summary>The commit interval <see cref="Base"/> was taken in (<see cref="CommitCountingStoreSupplier.IntervalOf"/>); null when there is no base.</summary>
    public string? Interval { get; init; }

    /// <summary>The state as of the last commit before this one changed, without a base of its own; null when none was recorded.</summary>
    public CarriedState? Base { get; init; }

    /// <summary>The same state without its base and interval: what a base holds.</summary>
    public CarriedState Bare => this with { Base = null, Interval = null };

    public byte[] ToJson()
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            Write(writer);
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Reads <see cref="ToJson"/>'s record, or a bare <see cref="SourceState"/>: what the store held when it was the normalizer's alone.</summary>
    public static CarriedState FromJson(byte[] json)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        return root.TryGetProperty(NormalizerProperty, out _) ? Read(root) : Empty with { Normalizer = SourceState.FromJson(json) };
    }

    private void Write(Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        writer.WritePropertyName(NormalizerProperty);
        writer.WriteRawValue(Normalizer.ToJson(), skipInputValidation: true);
        writer.WritePropertyName(CollapserProperty);
        writer.WriteRawValue(Collapser.ToJson(), skipInputValidation: true);
        writer.WriteNumber(OffsetProperty, Offset);
        if (Base is not null)
        {
            writer.WriteString(IntervalProperty, Interval);
            writer.WritePropertyName(BaseProperty);
            Base.Write(writer);
        }

        writer.WriteEndObject();
    }

    private static CarriedState Read(JsonElement element) =>
        new(
            SourceState.FromJson(JsonMarshal.GetRawUtf8Value(element.GetProperty(NormalizerProperty))),
            element.TryGetProperty(CollapserProperty, out var collapser) ? RepeatState.FromJson(JsonMarshal.GetRawUtf8Value(collapser)) : RepeatState.Empty)
        {
            Offset = element.TryGetProperty(OffsetProperty, out var offset) ? offset.GetInt64() : -1,
            Interval = element.TryGetProperty(IntervalProperty, out var interval) ? interval.GetString() : null,
            Base = element.TryGetProperty(BaseProperty, out var stateBefore) ? Read(stateBefore) : null,
        };
}
