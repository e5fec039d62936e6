using FaultMaven.Agents.LogAnalysis;
using FaultMaven.Analysis.Anomaly.Streaming;
using FaultMaven.Analysis.Detection;

namespace FaultMaven.Agents.Tests.LogAnalysis;

public sealed class LogAnalysisAgentTests
{
    [Fact]
    public void A_burst_of_errors_and_a_new_error_template_become_findings_with_evidence()
    {
        var lines = Enumerable.Range(0, 20).Select(i => $"2024-05-01T10:00:{i:00}Z INFO served request {i} in {i + 3} ms")
            .Concat(Enumerable.Range(0, 6).Select(i => $"2024-05-01T10:00:{30 + i:00}Z ERROR payment {i} failed: upstream returned 503"));

        var result = new LogAnalysisAgent().Analyze([new LogDocument("app.log", string.Join('\n', lines))], DateTimeOffset.UnixEpoch);

        Assert.Equal(26, result.Events.Count);
        var burst = Assert.Single(result.Findings, finding => finding.Kind == ErrorBurstOptions.Kind);
        Assert.Equal(6, burst.Count);
        Assert.Equal(6, burst.Evidence.Count);
        var newTemplate = Assert.Single(result.Findings, finding => finding.Kind == NewTemplateDetector.Kind);
        Assert.Equal("app.log", Assert.Single(newTemplate.Evidence).Topic);
    }

    [Fact]
    public void A_message_that_bursts_after_a_long_quiet_history_is_a_rare_template_burst_in_an_offline_analysis()
    {
        // 1,200 routine lines over 20 minutes, then a message never seen before, six times within one minute.
        var start = new DateTimeOffset(2024, 5, 1, 10, 0, 0, TimeSpan.Zero);
        var routine = Enumerable.Range(0, 1200).Select(i => $"{start.AddSeconds(i):yyyy-MM-ddTHH:mm:ssZ} INFO served request {i} in {i % 40 + 3} ms");
        var burst = Enumerable.Range(0, 6).Select(i => $"{start.AddSeconds(1210 + i):yyyy-MM-ddTHH:mm:ssZ} INFO cache shard {i} evicted under memory pressure");

        var result = new LogAnalysisAgent().Analyze([new LogDocument("app.log", string.Join('\n', routine.Concat(burst)))], DateTimeOffset.UnixEpoch);

        var rare = Assert.Single(result.Findings, finding => finding.Kind == RareTemplateBurstDetector.Kind);
        Assert.Equal(6, rare.Count);
        Assert.Contains("evicted under memory pressure", rare.Title);
    }

    [Fact]
    public void A_template_the_miner_generalizes_after_reporting_it_is_one_new_template_finding()
    {
        // The first two customers are two templates until the third shows customer= is a variable.
        string[] customers = ["acme", "globex", "initech", "umbrella", "hooli"];
        var lines = customers.Select((customer, i) => $"2026-12-01T13:00:0{i + 2}Z ERROR invoice total mismatch: expected {i}0.00 got {i}0.01 customer={customer}")
            .Prepend("2026-12-01T13:00:00Z INFO billing run started batch=7781");

        var result = new LogAnalysisAgent().Analyze([new LogDocument("billing.log", string.Join('\n', lines))], DateTimeOffset.UnixEpoch);

        var finding = Assert.Single(result.Findings, finding => finding.Kind == NewTemplateDetector.Kind);
        Assert.Equal("New ERROR message: invoice total mismatch: expected <*> got <*> customer=<*>", finding.Title);
    }

    [Fact]
    public void An_exception_logged_with_and_without_its_stack_is_one_new_template_finding()
    {
        var log = """
            2026-12-01T11:05:31.000Z ERROR [http-nio-8080-exec-2] c.e.orders.OrderController - Request failed
            java.lang.OutOfMemoryError: Java heap space
            	at java.util.Arrays.copyOf(Arrays.java:3236)
            	at c.e.orders.CacheLoader.load(CacheLoader.java:88)
            2026-12-01T11:05:32.000Z ERROR [http-nio-8080-exec-3] c.e.orders.OrderController - Request failed
            java.lang.OutOfMemoryError: Java heap space
            """;

        var result = new LogAnalysisAgent().Analyze([new LogDocument("orders.log", log)], DateTimeOffset.UnixEpoch);

        Assert.Equal(2, result.TemplateCount);
        Assert.Equal("New ERROR message: OutOfMemoryError (java.lang)", Assert.Single(result.Findings, finding => finding.Kind == NewTemplateDetector.Kind).Title);
    }
}
