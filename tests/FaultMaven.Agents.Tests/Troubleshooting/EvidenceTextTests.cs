using FaultMaven.Agents.Knowledge;
using FaultMaven.Agents.LogAnalysis;
using FaultMaven.Agents.Routing;
using FaultMaven.Agents.Troubleshooting;

namespace FaultMaven.Agents.Tests.Troubleshooting;

public sealed class EvidenceTextTests
{
    private static readonly Assistant Assistant = new(new LogAnalysisAgent(), new TroubleshootingAgent(KnowledgeBaseLoader.LoadBuiltIn()));

    [Fact]
    public async Task Evidence_lines_read_as_the_logged_message_without_the_normalizers_attributes()
    {
        var evidence = await EvidenceOfAsync(
            new LogDocument("db.log", "Nov 30 10:00:00 db1 postgres[24200]: FATAL: could not write to file \"pg_wal/xlogtemp.4088\": No space left on device"),
            new LogDocument("app.log", "java.io.IOException: No space left on device\n\tat java.io.FileOutputStream.writeBytes(Native Method)\n\tat com.shop.Store.save(Store.java:42)"));

        Assert.Contains("FATAL: could not write to file \"pg_wal/xlogtemp.4088\": No space left on device", evidence);
        Assert.Contains(evidence, line => line.StartsWith("java.io.IOException: No space left on device", StringComparison.Ordinal));
        Assert.All(evidence, line =>
        {
            Assert.DoesNotContain(" | ", line, StringComparison.Ordinal);
            Assert.DoesNotContain("24200", line, StringComparison.Ordinal);
            Assert.DoesNotContain("journald", line, StringComparison.Ordinal);
            Assert.DoesNotContain("plain_text", line, StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task An_attribute_that_carries_the_matched_error_is_shown_as_key_and_value()
    {
        var evidence = await EvidenceOfAsync(
            new LogDocument("api.log", """{"time":"2026-10-14T02:11:00Z","level":"error","msg":"saving upload failed","error":"No space left on device","pid":24200}"""));

        Assert.Contains("saving upload failed error=No space left on device", evidence);
    }

    private static async Task<IReadOnlyList<string>> EvidenceOfAsync(params LogDocument[] logs)
    {
        var answer = await Assistant.AnswerAsync(AgentRequest.ForLogs(logs), FeedbackHistory.Empty, DateTimeOffset.UnixEpoch, CancellationToken.None);
        var evidence = answer.Suggestions.SelectMany(suggestion => suggestion.Evidence).Select(line => line.Message).Distinct().ToList();
        Assert.True(evidence.Count > 0, $"no evidence for: {string.Join(", ", answer.Suggestions.Select(s => s.RootCause))}");
        return evidence;
    }
}
