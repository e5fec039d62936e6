using System.Globalization;
using System.Text;
using System.Text.Unicode;
using FaultMaven.Contracts;

namespace FaultMaven.Storage.Encryption;

/// <summary>A table with sealed columns (which may be NULL where a value is absent), and the columns that identify a row for as long as it exists.</summary>
/// <param name="KeyColumn">The primary key, for paging through the table during re-encryption.</param>
public sealed record SealedTable(string Name, string KeyColumn, IReadOnlyList<string> IdentityColumns, IReadOnlyList<string> SealedColumns)
{
    public static readonly SealedTable Logs = new("logs", "id", ["raw_topic", "raw_partition", "raw_offset", "raw_index"], ["message", "attributes"]);

    public static readonly SealedTable DeadLetters = new(
        "dead_letters", "id", ["raw_topic", "raw_partition", "raw_offset", "raw_index", "step"], ["payload"]);

    public static readonly SealedTable Findings = new("findings", "id", ["id"], ["examples", "evidence"]);

    public static readonly SealedTable Feedback = new("feedback", "id", ["id"], ["note"]);

    /// <summary>The resolution is NULL while an incident is open.</summary>
    public static readonly SealedTable Incidents = new("incidents", "id", ["id"], ["resolution"]);

    public static readonly SealedTable IncidentEmbeddings = new("incident_embeddings", "incident_id", ["incident_id"], ["embedded_text", "resolution"]);

    public static readonly IReadOnlyList<SealedTable> All = [Logs, DeadLetters, Findings, Feedback, Incidents, IncidentEmbeddings];

    /// <summary>The associated data that binds a sealed value to this table, <paramref name="column"/> and the row with <paramref name="identity"/>.</summary>
    public byte[] Context(string column, params object[] identity) =>
        Encoding.UTF8.GetBytes(string.Join('\u001f', identity.Select(value => Convert.ToString(value, CultureInfo.InvariantCulture)).Prepend($"{Name}.{column}")));

    /// <summary>
    /// <see cref="Context"/> of a row identified by its raw position alone, byte for byte, without boxing or LINQ: the
    /// sinks build two per stored log line.
    /// </summary>
    public byte[] Context(string column, RawOffset raw) =>
        Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{Name}.{column}\u001f{raw.Topic}\u001f{raw.Partition}\u001f{raw.Offset}\u001f{raw.Index}"));

    /// <summary>
    /// Writes <see cref="Context(string, RawOffset)"/>'s bytes into <paramref name="destination"/> instead of a new
    /// array, for the logs sink, which seals two values of every stored line.
    /// </summary>
    /// <returns>False when they do not fit; <paramref name="written"/> is then 0.</returns>
    public bool TryWriteContext(string column, RawOffset raw, Span<byte> destination, out int written) =>
        Utf8.TryWrite(destination, CultureInfo.InvariantCulture, $"{Name}.{column}\u001f{raw.Topic}\u001f{raw.Partition}\u001f{raw.Offset}\u001f{raw.Index}", out written);

    /// <summary>The identity values of a row keyed by its raw position (and any further identity columns).</summary>
    public static object[] RawIdentity(RawOffset raw, params object[] more) => [raw.Topic, raw.Partition, raw.Offset, raw.Index, .. more];
}
