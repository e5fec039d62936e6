using System.Text.RegularExpressions;
using FaultMaven.Agents.LogAnalysis;

namespace FaultMaven.Agents.Routing;

/// <summary>Classifies a request and picks the agents that answer it.</summary>
public static partial class QueryRouter
{
    public const string PastedLogName = "pasted";

    /// <summary>Share of non-empty lines that must look like log records for pasted text to count as logs.</summary>
    private const double LogLineShare = 0.5;

    public static Route Classify(AgentRequest request)
    {
        var text = request.Text?.Trim() ?? "";
        var pastedLogs = LooksLikeLogs(text);
        var incidentId = request.Incident?.Id ?? (pastedLogs ? null : IncidentIdIn(text));
        var kind = request.Logs.Count > 0 || pastedLogs ? RequestKind.Logs
            : NextStepsRequest().IsMatch(text) ? RequestKind.NextSteps
            : incidentId is not null ? RequestKind.Incident
            : RequestKind.Question;
        // The engineer's own words are not a log: a question that named "disk full" would otherwise be its own evidence.
        var logs = pastedLogs ? [.. request.Logs, new LogDocument(PastedLogName, text)] : request.Logs;
        return new Route(kind, AgentsFor(kind), logs, incidentId, pastedLogs || text.Length == 0 ? null : text);
    }

    public static bool LooksLikeLogs(string text)
    {
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return lines.Length > 0 && lines.Count(line => LogRecordStart().IsMatch(line)) >= Math.Max(1, lines.Length * LogLineShare);
    }

    private static IReadOnlyList<AgentKind> AgentsFor(RequestKind kind) => kind switch
    {
        RequestKind.Logs => [AgentKind.LogAnalysis, AgentKind.Troubleshooting, AgentKind.SimilarIncidents],
        RequestKind.NextSteps => [AgentKind.Troubleshooting],
        _ => [AgentKind.Troubleshooting, AgentKind.SimilarIncidents],
    };

    private static string? IncidentIdIn(string text) => IncidentReference().Match(text) is { Success: true } match ? match.Groups["id"].Value : null;

    [GeneratedRegex(@"^(\{""|\[?\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}|[A-Z][a-z]{2} +\d{1,2} \d{2}:\d{2}:\d{2}|\[?\d{2}:\d{2}:\d{2}|[IWEF]\d{4} |(TRACE|DEBUG|INFO|WARN|WARNING|ERROR|FATAL|CRITICAL)\b|at [\w.$<>]+\(|Traceback \(most recent call last\)|Caused by: |[\w.]+(Exception|Error): )", RegexOptions.CultureInvariant)]
    private static partial Regex LogRecordStart();

    [GeneratedRegex(@"(?i)\b(what (should|do|can) (i|we) (do|run|try|check)|what(?:'s| is)? next|next steps?|what now|how (do|can) (i|we) fix)\b", RegexOptions.CultureInvariant)]
    private static partial Regex NextStepsRequest();

    [GeneratedRegex(@"(?i)\b(?<id>INC-?\d{2,})\b|\bincident\s+#?(?<id>[A-Za-z0-9][\w-]{2,})", RegexOptions.CultureInvariant)]
    private static partial Regex IncidentReference();
}
