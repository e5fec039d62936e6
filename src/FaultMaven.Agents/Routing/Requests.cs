using FaultMaven.Agents.LogAnalysis;

namespace FaultMaven.Agents.Routing;

/// <summary>What the user asked: free text (a question, or pasted logs), attached logs, and/or an incident id.</summary>
public sealed record AgentRequest(string? Text, IReadOnlyList<LogDocument> Logs, string? IncidentId = null)
{
    public static AgentRequest ForLogs(IReadOnlyList<LogDocument> logs) => new(null, logs);
}

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
/// <param name="Logs">The attached logs, plus the request text when it was pasted logs or a question to match against signatures.</param>
public sealed record Route(RequestKind Kind, IReadOnlyList<AgentKind> Agents, IReadOnlyList<LogDocument> Logs, string? IncidentId);
