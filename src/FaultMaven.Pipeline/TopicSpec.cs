namespace FaultMaven.Pipeline;

/// <summary>A topic the pipeline needs, with its partition count.</summary>
public sealed record TopicSpec(string Name, int Partitions);
