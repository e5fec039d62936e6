namespace FaultMaven.Contracts;

/// <summary>A record that could not be processed, with why and its original bytes; the value of <c>logs.deadletter</c>.</summary>
public sealed record DeadLetter(
    string Reason,
    string Step,
    string? Source,
    RawOffset Raw,
    byte[] Payload,
    DateTimeOffset FailedAt);
