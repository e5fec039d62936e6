using FaultMaven.Analysis.Detection;
using Confluent.Kafka;
using FaultMaven.Contracts;
using Streamiz.Kafka.Net.SerDes;

namespace FaultMaven.Pipeline.Tests;

public class ErrorBurstTopologyTests
{
    private static readonly DateTime WindowStart = new(2026, 11, 25, 12, 0, 0, DateTimeKind.Utc);
    private static readonly ErrorBurstOptions Burst = new() { Threshold = 3, Window = TimeSpan.FromMinutes(1) };

    /// <summary>The window store keeps windows as Streamiz's JSON: a window a restarted worker restores must still know what it counted.</summary>
    [Fact]
    public void A_window_read_back_from_its_store_does_not_count_a_replayed_error_again()
    {
        var detector = new ErrorBurstDetector(Burst);
        var serdes = new JsonSerDes<ErrorBurstWindow>();
        var errors = Enumerable.Range(0, 2)
            .Select(offset => new ErrorSample(new DateTimeOffset(WindowStart), "svc", Severity.Error, $"database unreachable {offset}", new RawOffset(Topics.Raw, 1, offset, Fingerprint: 42), 1))
            .ToList();
        var stored = serdes.Serialize(detector.AddUncounted(ErrorBurstWindow.Empty, new ErrorSampleGroup(new DateTimeOffset(WindowStart), errors)), new SerializationContext());

        var restored = serdes.Deserialize(stored, new SerializationContext());
        var replayed = detector.AddUncounted(restored, new ErrorSampleGroup(new DateTimeOffset(WindowStart), errors[1..]));

        Assert.Equal(2, replayed.Count);
        Assert.Equal(errors[1].Raw, Assert.Single(replayed.CountedThrough!));
    }

    [Fact]
    public void Errors_below_the_threshold_raise_no_finding()
    {
        using var pipeline = new PipelineDriver(Burst);

        SendErrors(pipeline, "orders", 2, WindowStart);

        Assert.Empty(Bursts(pipeline));
    }

    [Fact]
    public void Reaching_the_threshold_within_a_window_raises_a_finding_with_its_evidence()
    {
        using var pipeline = new PipelineDriver(Burst);

        SendErrors(pipeline, "orders", 3, WindowStart);

        var finding = Assert.Single(Bursts(pipeline));
        Assert.Equal(ErrorBurstOptions.Kind, finding.Kind);
        Assert.Equal("orders", finding.Source);
        Assert.Equal(3, finding.Count);
        Assert.Equal(Severity.Error, finding.Severity);
        Assert.Equal(new DateTimeOffset(WindowStart), finding.WindowStart);
        Assert.Equal(3, finding.Evidence.Count);
        Assert.Contains("database unreachable 0", finding.Examples);
    }

    [Fact]
    public void Further_errors_in_the_same_window_update_the_same_finding()
    {
        using var pipeline = new PipelineDriver(Burst);

        SendErrors(pipeline, "orders", 5, WindowStart);

        // One update per batch reaching the window: the idle flush hands the last line over together with the one before.
        var findings = Bursts(pipeline).ToList();
        var counts = findings.Select(f => f.Count).ToList();
        Assert.Equal(3L, counts[0]);
        Assert.Equal(5L, counts[^1]);
        Assert.Equal(counts.Order(), counts);
        Assert.Single(findings.Select(f => f.Id).Distinct());
    }

    [Fact]
    public void Errors_split_across_two_windows_or_two_sources_do_not_add_up()
    {
        using var pipeline = new PipelineDriver(Burst);

        SendErrors(pipeline, "orders", 2, WindowStart.AddSeconds(50));
        SendErrors(pipeline, "orders", 2, WindowStart.AddSeconds(65));
        SendErrors(pipeline, "billing", 2, WindowStart.AddSeconds(5));

        Assert.Empty(Bursts(pipeline));
    }

    [Fact]
    public void Info_and_warning_lines_do_not_count_toward_a_burst()
    {
        using var pipeline = new PipelineDriver(Burst);

        for (var i = 0; i < 5; i++)
        {
            pipeline.Send("orders", $"2026-11-25T12:00:0{i}Z WARN retrying {i}\n2026-11-25T12:00:0{i}Z INFO ok", WindowStart.AddSeconds(i));
        }

        Assert.Empty(Bursts(pipeline));
    }

    private static IEnumerable<Finding> Bursts(PipelineDriver pipeline) =>
        pipeline.ReadFindings().Where(f => f.Kind == ErrorBurstOptions.Kind);

    private static void SendErrors(PipelineDriver pipeline, string source, int count, DateTime from)
    {
        for (var i = 0; i < count; i++)
        {
            var at = from.AddSeconds(i);
            pipeline.Send(source, $"{at:yyyy-MM-ddTHH:mm:ssZ} ERROR database unreachable {i}", at);
        }
    }
}
