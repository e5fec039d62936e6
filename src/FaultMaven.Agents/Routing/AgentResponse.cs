using System.Text.Json.Serialization;
using FaultMaven.Agents.Knowledge;
using FaultMaven.Agents.LogAnalysis;
using FaultMaven.Agents.Reasoning;
using FaultMaven.Agents.Troubleshooting;
using FaultMaven.Contracts;

namespace FaultMaven.Agents.Routing;

/// <summary>One answer combining every agent that ran.</summary>
/// <param name="Findings">The named incident's stored findings (metric anomalies included), then what the detectors found in the submitted logs.</param>
/// <param name="Diagnosis">One sentence: the likely root cause, or "No known root cause matched" with what was found
/// (<see cref="DiagnosisSummary"/>).</param>
/// <param name="Suggestions">Root-cause hypotheses, best first.</param>
/// <param name="Steps">The investigation steps of the best suggestion: what to do next.</param>
/// <param name="Commands">The commands of the best suggestion for the detected platforms.</param>
/// <param name="EventCount">Events diagnosed: the incident's evidence lines and the submitted log lines (a question is not a log line).</param>
/// <param name="UnreadLines">How many submitted lines could not be normalized (they are in no finding or suggestion); the same as <see cref="LineTally.Unread"/>.</param>
/// <param name="Lines">Where every submitted log line went: read, in events, unread, blank, table headers.</param>
/// <param name="Llm">The optional model's answer over this response's context; absent when no model is configured.</param>
public sealed record AgentResponse(
    RequestKind Kind,
    IReadOnlyList<AgentKind> Agents,
    IReadOnlyList<Finding> Findings,
    string Diagnosis,
    IReadOnlyList<Hypothesis> Suggestions,
    IReadOnlyList<string> Steps,
    IReadOnlyList<DiagnosticCommand> Commands,
    IReadOnlyList<SimilarIncident> SimilarIncidents,
    int EventCount,
    int UnreadLines,
    LineTally Lines,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] LlmAnswer? Llm = null);
