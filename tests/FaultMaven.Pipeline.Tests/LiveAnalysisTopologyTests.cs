using FaultMaven.Analysis.Anomaly.Streaming;
using FaultMaven.Analysis.Detection;
using FaultMaven.Contracts;

namespace FaultMaven.Pipeline.Tests;

public class LiveAnalysisTopologyTests
{
    private static readonly DateTime Start = new(2026, 11, 25, 12, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void Normalized_events_carry_the_template_their_source_mined_with_stable_ids()
    {
        using var pipeline = new PipelineDriver();

        for (var i = 0; i < 6; i++)
        {
            pipeline.Send("api", $"2026-11-25T12:00:0{i}Z INFO request {i} served in {i * 7} ms", Start.AddSeconds(i));
        }

        pipeline.Send("api", "2026-11-25T12:00:09Z INFO cache warmed", Start.AddSeconds(9));

        var events = pipeline.ReadNormalized().ToList();
        Assert.Equal(7, events.Count);
        Assert.Single(events.Take(6).Select(e => e.TemplateId).Distinct());
        Assert.Equal("request <*> served in <*> ms", events[5].Template);
        Assert.NotEqual(events[0].TemplateId, events[6].TemplateId);
    }

    [Fact]
    public void A_never_seen_error_message_raises_a_new_template_finding()
    {
        using var pipeline = new PipelineDriver(new ErrorBurstOptions { Threshold = 100 });

        pipeline.Send("db", "2026-11-25T12:00:00Z INFO checkpoint complete", Start);
        pipeline.Send("db", "2026-11-25T12:00:01Z ERROR could not write to file \"pg_wal/0001\": No space left on device", Start.AddSeconds(1));

        var finding = Assert.Single(pipeline.ReadFindings(), f => f.Kind == NewTemplateDetector.Kind);
        Assert.Equal("db", finding.Source);
        Assert.Equal(Severity.Error, finding.Severity);
        Assert.Contains("No space left on device", finding.Examples[0]);
    }

    [Fact]
    public void Sources_are_mined_apart()
    {
        using var pipeline = new PipelineDriver();

        pipeline.Send("a", "2026-11-25T12:00:00Z INFO alpha started", Start);
        pipeline.Send("b", "2026-11-25T12:00:00Z INFO beta started", Start);

        var events = pipeline.ReadNormalized().ToList();
        Assert.Equal([1, 1], events.Select(e => e.TemplateId ?? 0));
    }
}
