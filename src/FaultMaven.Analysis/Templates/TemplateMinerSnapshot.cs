using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace FaultMaven.Analysis.Templates;

/// <summary>The whole state of a <see cref="TemplateMiner"/>, as plain data to persist and restore.</summary>
/// <param name="NextId">The id the next new template gets; ids are never reused.</param>
/// <param name="Clock">The count of lines added so far, which orders <see cref="TemplateState.LastSeen"/>.</param>
/// <param name="Aliases">Ids of templates merged into others, so that ids handed out earlier still resolve.</param>
public sealed record TemplateMinerSnapshot(int NextId, long Clock, IReadOnlyList<TemplateState> Templates, IReadOnlyList<TemplateAlias> Aliases)
{
    // Text other than JSON's own escapes stays UTF-8: the default encoder writes every non-ASCII character, and the
    // wildcard's angle brackets, as six-byte \u escapes, which would fill a size-bounded state with escapes.
    private static readonly TemplateMinerSnapshotJsonContext Json = new(new JsonSerializerOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });

    /// <summary>
    /// The snapshot as UTF-8 JSON with the record's property names: what the worker's template-miner store keeps, and
    /// the shape its earlier serializer (Newtonsoft's, by the same names) wrote, which <see cref="FromUtf8Json"/> reads.
    /// </summary>
    public byte[] ToUtf8Json() => JsonSerializer.SerializeToUtf8Bytes(this, Json.TemplateMinerSnapshot);

    /// <exception cref="JsonException">The bytes are not a snapshot.</exception>
    public static TemplateMinerSnapshot FromUtf8Json(ReadOnlySpan<byte> json) =>
        JsonSerializer.Deserialize(json, Json.TemplateMinerSnapshot) ?? throw new JsonException("A template miner snapshot cannot be null.");
}

/// <param name="LastSeen">The <see cref="TemplateMinerSnapshot.Clock"/> value when a line last matched it.</param>
public sealed record TemplateState(int Id, IReadOnlyList<string> Tokens, long Count, long LastSeen);

public sealed record TemplateAlias(int MergedId, int IntoId);

[JsonSerializable(typeof(TemplateMinerSnapshot))]
internal sealed partial class TemplateMinerSnapshotJsonContext : JsonSerializerContext;
