namespace FaultMaven.Contracts;

/// <summary>The raw Kafka record an event was decoded from, and its position among that record's events.</summary>
/// <param name="Fingerprint">
/// A 64-bit hash of the raw record itself (its timestamp, key and value; 0 when unknown, as for positions stored
/// before fingerprints were): offsets start again at 0 when a broker loses its data (the dev broker on any restart)
/// or a topic is re-created, so topic, partition and offset alone do not identify a record. A replay of the same record
/// has the same fingerprint and is still recognised as stored; a new record at a reused offset has another one
/// (docs/decisions.md, decision 14).
/// </param>
public sealed record RawOffset(string Topic, int Partition, long Offset, int Index = 0, long Fingerprint = 0)
{
    public override string ToString() => $"{Topic}/{Partition}@{Offset}#{Index}";
}
