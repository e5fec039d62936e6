using System.Text;
using Confluent.Kafka;
using FaultMaven.Analysis.Normalization;
using FaultMaven.Contracts;

namespace FaultMaven.Pipeline.Tests;

public class NormalizeTopologyTests
{
    private static readonly DateTime Now = new(2026, 11, 25, 12, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void Plain_text_and_json_lines_of_one_record_become_separate_events_keyed_by_source()
    {
        using var pipeline = new PipelineDriver();

        pipeline.Send("checkout", "2026-11-25T11:59:58Z ERROR payment declined\n{\"level\":\"warn\",\"msg\":\"slow query\",\"service\":\"db\"}\n", Now);

        var events = pipeline.ReadNormalizedRecords().ToList();
        Assert.Equal(2, events.Count);
        Assert.All(events, e => Assert.Equal("checkout", e.Key));
        Assert.Equal(Severity.Error, events[0].Value.Level);
        Assert.Equal("payment declined", events[0].Value.Message);
        Assert.Equal(new DateTimeOffset(2026, 11, 25, 11, 59, 58, TimeSpan.Zero), events[0].Value.Timestamp);
        Assert.Equal(Severity.Warn, events[1].Value.Level);
        Assert.Equal("db", events[1].Value.Service);
        Assert.Equal([0, 1], events.Select(e => e.Value.Raw.Index));
        Assert.Empty(pipeline.ReadDeadLetters());
    }

    [Fact]
    public void A_line_without_a_recognizable_layout_is_kept_with_its_raw_text_and_the_arrival_time()
    {
        using var pipeline = new PipelineDriver();

        pipeline.Send("legacy", "something odd happened", Now);

        var logEvent = Assert.Single(pipeline.ReadNormalized());
        Assert.Equal("something odd happened", logEvent.Message);
        Assert.Equal(Severity.Unknown, logEvent.Level);
        Assert.Equal(new DateTimeOffset(Now), logEvent.Timestamp);
    }

    [Fact]
    public void Broken_json_from_a_source_forced_to_json_goes_to_the_dead_letter_topic_with_the_reason_and_the_original_bytes()
    {
        using var pipeline = new PipelineDriver(normalizer: new NormalizerOptions { FormatBySource = new Dictionary<string, LogFormat> { ["api"] = LogFormat.Json } });

        pipeline.Send("api", "{\"level\":\"error\",\"msg\":", Now);

        var deadLetter = Assert.Single(pipeline.ReadDeadLetters());
        Assert.Contains("JSON", deadLetter.Reason, StringComparison.OrdinalIgnoreCase);
        Assert.Equal("{\"level\":\"error\",\"msg\":", Encoding.UTF8.GetString(deadLetter.Payload));
        Assert.Equal("api", deadLetter.Source);
        Assert.Equal(Topics.Raw, deadLetter.Raw.Topic);
        Assert.Empty(pipeline.ReadNormalized());
    }

    [Fact]
    public void Broken_json_from_an_auto_detected_source_is_kept_as_plain_text()
    {
        using var pipeline = new PipelineDriver();

        pipeline.Send("api", "{\"level\":\"error\",\"msg\":", Now);

        var logEvent = Assert.Single(pipeline.ReadNormalized());
        Assert.Equal("{\"level\":\"error\",\"msg\":", logEvent.Message);
        Assert.Empty(pipeline.ReadDeadLetters());
    }

    [Fact]
    public void A_record_whose_source_name_is_over_the_limit_is_one_dead_letter_at_normalize_and_raises_no_finding()
    {
        using var pipeline = new PipelineDriver();
        var longest = new string('s', SourceNames.MaxLength);
        var tooLong = longest + "x";
        var errors = string.Join('\n', Enumerable.Range(0, 8).Select(i => $"2026-11-25T11:59:{i:00}Z ERROR payment declined {i}"));

        pipeline.Send(tooLong, errors, Now);
        pipeline.Send(longest, "2026-11-25T11:59:58Z INFO order placed", Now);

        var deadLetter = Assert.Single(pipeline.ReadDeadLetters());
        Assert.Equal(LogPipelineTopology.NormalizeStep, deadLetter.Step);
        Assert.Equal($"the source name is {SourceNames.MaxLength + 1} characters long; a source name has at most {SourceNames.MaxLength} (SourceNames.MaxLength)", deadLetter.Reason);
        Assert.Equal(tooLong, deadLetter.Source);
        Assert.Equal(errors, Encoding.UTF8.GetString(deadLetter.Payload));
        Assert.Equal([longest], pipeline.ReadNormalized().Select(e => e.Source));
        Assert.DoesNotContain(pipeline.ReadFindings(), finding => finding.Source == tooLong);
    }

    [Fact]
    public void A_record_without_a_key_takes_its_source_from_the_source_header()
    {
        using var pipeline = new PipelineDriver();

        pipeline.Send(null, "2026-11-25 11:00:00 INFO started", Now, new Headers { { "source", Encoding.UTF8.GetBytes("billing") } });
        pipeline.Send(null, "2026-11-25 11:00:01 INFO started", Now);

        var sources = pipeline.ReadNormalized().Select(e => e.Source).ToList();
        Assert.Equal(["billing", LogPipelineTopology.UnknownSource], sources);
    }

    [Fact]
    public void A_record_its_producer_cut_to_a_line_head_is_one_event_that_carries_the_line_length_from_its_header()
    {
        using var pipeline = new PipelineDriver();

        pipeline.Send("huge", "2026-11-25T11:59:58Z ERROR payload " + new string('x', 1000), Now, new Headers { { Ingestion.RawLogPublisher.TruncatedHeader, "3145728"u8.ToArray() } });

        var logEvent = Assert.Single(pipeline.ReadNormalized());
        Assert.Equal((Severity.Error, new DateTimeOffset(2026, 11, 25, 11, 59, 58, TimeSpan.Zero)), (logEvent.Level, logEvent.Timestamp));
        Assert.Equal("3145728", logEvent.Attributes[AttributeKeys.Truncated]);
    }

    [Fact]
    public void Filter_rules_drop_probe_noise_and_lines_below_a_source_minimum_level()
    {
        var filter = new FaultMaven.Analysis.Filtering.FilterOptions
        {
            BySource = new Dictionary<string, FaultMaven.Analysis.Filtering.FilterRule> { ["chatty"] = new() { MinimumLevel = Severity.Warn } },
        };
        using var pipeline = new PipelineDriver(filter: filter);

        pipeline.Send("chatty", "2026-11-25T12:00:00Z INFO heartbeat\n2026-11-25T12:00:01Z WARN queue 80% full", Now);
        pipeline.Send("web", "10.0.0.7 - - [25/Nov/2026:12:00:02 +0000] \"GET /healthz HTTP/1.1\" 200 2 \"-\" \"kube-probe/1.29\"\n2026-11-25T12:00:03Z INFO order placed", Now);

        var messages = pipeline.ReadNormalized().Select(e => e.Message).ToList();
        Assert.Equal(2, messages.Count);
        Assert.Contains(messages, m => m.Contains("queue 80% full", StringComparison.Ordinal));
        Assert.Contains(messages, m => m.Contains("order placed", StringComparison.Ordinal));
    }
}
