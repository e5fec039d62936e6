namespace FaultMaven.Agents.Knowledge;

/// <summary>A knowledge file that cannot be used; the message starts with <c>file:line</c>.</summary>
public sealed class KnowledgeBaseException(SourceLocation location, string problem)
    : Exception($"{location}: {problem}")
{
    public SourceLocation Location { get; } = location;
}
