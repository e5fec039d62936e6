namespace FaultMaven.Contracts;

/// <summary>The raw Kafka record an event was decoded from, and its position among that record's events.</summary>
public sealed record RawOffset(string Topic, int Partition, long Offset, int Index = 0)
{
    public override string ToString() => $"{Topic}/{Partition}@{Offset}#{Index}";
}
