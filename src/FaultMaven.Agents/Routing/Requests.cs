using FaultMaven.Agents.LogAnalysis;
using FaultMaven.Contracts;

namespace FaultMaven.Agents.Routing;

/// <summary>What the user asked: free text (a question, or pasted logs), attached logs, and/or a stored incident.</summary>
/// <param name="Incident">The incident the request is about, with what the store holds of it; its findings and evidence
/// lines are diagnosed with whatever the text and logs add.</param>
public sealed record AgentRequest(string? Text, IReadOnlyList<LogDocument> Logs, IncidentEvidence? Incident = null)
{
    public static AgentRequest ForLogs(IReadOnlyList<LogDocument> logs) => new(null, logs);
}

/// <summary>What the store holds about an incident: the findings grouped into it and the stored log lines they cite.</summary>
/// <param name="Events">The findings' evidence lines, oldest first; a finding whose lines are gone still counts through its examples.</param>
public sealed record IncidentEvidence(string Id, IReadOnlyList<LogEvent> Events, IReadOnlyList<Finding> Findings);

public enum RequestKind
{
    /// <summary>Logs were attached or pasted: analyse them and explain.</summary>
    Logs,

    /// <summary>A free-text description of a problem.</summary>
    Question,

    /// <summary>About a known incident, named by its id.</summary>
    Incident,

    /// <summary>"What do I run next": steps and commands for the most likely cause.</summary>
    NextSteps,
}

public enum AgentKind
{
    LogAnalysis,
    Troubleshooting,
    SimilarIncidents,
}

/// <summary>The router's decision: how the request reads, which agents answer it, and which logs they read.</summary>
/// <param name="Logs">The attached logs, plus the request text when it was pasted logs.</param>
/// <param name="Question">The request text when it is not logs: the engineer's words, read as a description
/// (<see cref="DescribedProblem"/>) when nothing else is given, never as evidence.</param>
public sealed record Route(RequestKind Kind, IReadOnlyList<AgentKind> Agents, IReadOnlyList<LogDocument> Logs, string? IncidentId, string? Question);
