using FaultMaven.Agents.Knowledge;
using FaultMaven.Agents.LogAnalysis;
using FaultMaven.Agents.Routing;
using FaultMaven.Agents.Troubleshooting;

namespace FaultMaven.Agents.Tests.Samples;

/// <summary>The sample incidents under <c>Samples/&lt;root-cause&gt;/&lt;stack&gt;.log</c>, analysed the way <c>fm analyze</c> does.</summary>
public static class SampleLogs
{
    public const string HoldoutFolder = "holdout";
    public const int TopN = 3;

    private static readonly DateTimeOffset ReceivedAt = new(2024, 5, 3, 0, 0, 0, TimeSpan.Zero);
    private static readonly Lazy<Assistant> SharedAssistant = new(() => new Assistant(new LogAnalysisAgent(), new TroubleshootingAgent(KnowledgeBaseLoader.LoadBuiltIn())));

    public static string Root => Path.Combine(AppContext.BaseDirectory, "Samples");

    /// <summary>Each sample as (expected root cause, path relative to <see cref="Root"/>).</summary>
    public static IEnumerable<(string RootCause, string Path)> Under(string folder) =>
        Directory.EnumerateFiles(Path.Combine(Root, folder), "*.log", SearchOption.AllDirectories)
            .Select(path => (Directory.GetParent(path)!.Name, Path.GetRelativePath(Root, path)))
            .OrderBy(sample => sample.Item2, StringComparer.Ordinal);

    public static async Task<IReadOnlyList<string>> RankedRootCausesAsync(string relativePath)
    {
        var path = Path.Combine(Root, relativePath);
        var request = AgentRequest.ForLogs([new LogDocument(Path.GetFileName(path), await File.ReadAllTextAsync(path))]);
        var answer = await SharedAssistant.Value.AnswerAsync(request, FeedbackHistory.Empty, ReceivedAt, CancellationToken.None);
        return [.. answer.Suggestions.Select(suggestion => suggestion.RootCause)];
    }
}
