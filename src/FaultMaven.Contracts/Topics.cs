namespace FaultMaven.Contracts;

/// <summary>Names of the topics the pipeline reads and writes.</summary>
public static class Topics
{
    public const string Raw = "logs.raw";
    public const string Normalized = "logs.normalized";
    public const string Findings = "findings";
    public const string DeadLetter = "logs.deadletter";
}
