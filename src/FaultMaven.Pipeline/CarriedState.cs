using System.Buffers;
using System.Runtime.InteropServices;
using System.Text.Json;
using FaultMaven.Analysis.Filtering;
using FaultMaven.Analysis.Normalization;
using Streamiz.Kafka.Net.State;

namespace FaultMaven.Pipeline;

/// <summary>
/// What one source carries from one raw record to the next: the normalizer's state (an unfinished multi-line event, a
/// CSV header) and the collapser's held repeat. Both live in one record of the
/// <see cref="LogPipelineTopology.CarriedEventStore"/>, so a commit writes them to its changelog as one record: a
/// worker killed while the commit's records were on their way restores both as of the same raw offset. Kept in two
/// stores, the normalizer's could arrive and the collapser's not, and the restarted worker then started from a
/// normalizer that had already handed an event over and a collapser that had not yet received it.
/// </summary>
public sealed record CarriedState(SourceState Normalizer, RepeatState Collapser)
{
    private const string NormalizerProperty = "normalizer";
    private const string CollapserProperty = "collapser";

    public static CarriedState Empty { get; } = new(SourceState.Empty, RepeatState.Empty);

    public byte[] ToJson()
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WritePropertyName(NormalizerProperty);
            writer.WriteRawValue(Normalizer.ToJson(), skipInputValidation: true);
            writer.WritePropertyName(CollapserProperty);
            writer.WriteRawValue(Collapser.ToJson(), skipInputValidation: true);
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Reads <see cref="ToJson"/>'s record, or a bare <see cref="SourceState"/>: what the store held when it was the normalizer's alone.</summary>
    public static CarriedState FromJson(byte[] json)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        if (!root.TryGetProperty(NormalizerProperty, out var normalizer))
        {
            return Empty with { Normalizer = SourceState.FromJson(json) };
        }

        return new CarriedState(
            SourceState.FromJson(JsonMarshal.GetRawUtf8Value(normalizer)),
            root.TryGetProperty(CollapserProperty, out var collapser) ? RepeatState.FromJson(JsonMarshal.GetRawUtf8Value(collapser)) : RepeatState.Empty);
    }

    /// <summary>The state <paramref name="store"/> holds for <paramref name="source"/>, empty when it holds none.</summary>
    public static CarriedState Of(IKeyValueStore<string, byte[]> store, string source) => store.Get(source) is { } json ? FromJson(json) : Empty;
}
