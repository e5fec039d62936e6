using Confluent.Kafka;
using FaultMaven.Contracts;
using FaultMaven.Pipeline.Ingestion;

namespace FaultMaven.Pipeline.Tests;

public class AdmissionPolicyTests
{
    private const string Stream = "faultmaven-pipeline";
    private const string LogsSink = "faultmaven-pipeline-sink-logs";
    private const string FindingsSink = "faultmaven-pipeline-sink-findings";

    private static readonly Dictionary<string, long> Limits = new()
    {
        [Topics.Raw] = 64,
        [Topics.Normalized] = 64,
        [Topics.Findings] = 1_000,
    };

    /// <summary>A partition whose group has committed <paramref name="lag"/> records below the high watermark.</summary>
    private static PartitionLag Lag(string group, string topic, int partition, long lag) => new(group, topic, partition, 1_000, 0, 1_000 + lag);

    private static string? Refusal(int records, long pending, params PartitionLag[] partitions) =>
        AdmissionPolicy.Refusal(new LagReading(partitions), pending, records, topic => Limits.TryGetValue(topic, out var limit) ? limit : null);

    /// <summary>Readings just inside every limit: the rule must admit them, or producers would wait for nothing.</summary>
    public static TheoryData<string, int, long, PartitionLag[]> JustInside => new()
    {
        { "raw lag on another partition does not count against a normalized partition", 1, 0, [Lag(Stream, Topics.Raw, 1, 30), Lag(LogsSink, Topics.Normalized, 3, 40)] },
        { "normalized 33 + raw 10 + just produced 20 + 1 = 64", 1, 20, [Lag(Stream, Topics.Raw, 3, 10), Lag(LogsSink, Topics.Normalized, 3, 33)] },
        { "raw 50 + just produced 10 + 4 = 64", 4, 10, [Lag(Stream, Topics.Raw, 0, 50)] },
        { "a batch larger than the limit when nothing is in flight", 500, 0, [Lag(Stream, Topics.Raw, 0, 0), Lag(LogsSink, Topics.Normalized, 0, 0)] },
        { "findings are limited by their own lag only", 1, 0, [Lag(Stream, Topics.Raw, 0, 60), Lag(FindingsSink, Topics.Findings, 0, 999)] },
    };

    /// <summary>The same readings one record further, each refused with a reason naming the group, partition and limit.</summary>
    public static TheoryData<string, int, long, PartitionLag[]> OneOver => new()
    {
        { $"group {LogsSink} is 40 records behind on logs.normalized/3 plus 30 still on their way from logs.raw (limit 64); this request adds about 1", 1, 0, [Lag(Stream, Topics.Raw, 3, 30), Lag(LogsSink, Topics.Normalized, 3, 40)] },
        { $"group {LogsSink} is 34 records behind on logs.normalized/3 plus 30 still on their way from logs.raw (limit 64); this request adds about 1", 1, 20, [Lag(Stream, Topics.Raw, 3, 10), Lag(LogsSink, Topics.Normalized, 3, 34)] },
        { $"group {Stream} is 50 records behind on logs.raw/0 plus 10 just produced (limit 64); this request adds about 5", 5, 10, [Lag(Stream, Topics.Raw, 0, 50)] },
        { $"group {FindingsSink} is 1000 records behind on findings/0 (limit 1000)", 1, 0, [Lag(FindingsSink, Topics.Findings, 0, 1_000)] },
        { $"group {Stream} is 1 records behind on logs.raw/2 (limit 64); this request is about 77 records, more than the limit, so it waits until the backlog is empty (send smaller requests)", 77, 0, [Lag(Stream, Topics.Raw, 2, 1)] },
    };

    [Theory]
    [MemberData(nameof(JustInside))]
    public void A_reading_inside_every_limit_is_admitted(string reading, int records, long pending, PartitionLag[] partitions)
    {
        Assert.True(Refusal(records, pending, partitions) is null, reading);
    }

    [Theory]
    [MemberData(nameof(OneOver))]
    public void A_reading_one_record_over_a_limit_is_refused_naming_the_group_the_partition_and_the_limit(string reason, int records, long pending, PartitionLag[] partitions)
    {
        Assert.Equal(reason, Refusal(records, pending, partitions));
    }

    [Theory]
    [InlineData(3, 8, 3)]
    [InlineData(11, 8, 3)]
    public void A_normalized_batch_goes_to_the_partition_number_of_its_events_raw_record(int rawPartition, int partitions, int expected)
    {
        // The premise of the normalized limit above: the batch lands where the raw lag was counted, whatever its key,
        // also when a punctuation emits it (no source partition).
        var batch = new LogEventBatch("any-key", [new LogEvent(DateTimeOffset.UnixEpoch, "any-key", null, null, Severity.Info, "line", new Dictionary<string, string>(), new RawOffset(Topics.Raw, rawPartition, 5, 0))]);

        Assert.Equal(new Partition(expected), LogPipelineTopology.SameAsRawRecord(Topics.Normalized, "any-key", batch, Partition.Any, partitions));
    }

    [Theory]
    [InlineData(5, 5)]
    [InlineData(-1, -1)]
    public void An_empty_batch_goes_to_its_source_records_partition_or_to_the_partitioner(int sourcePartition, int expected)
    {
        Assert.Equal(new Partition(expected), LogPipelineTopology.SameAsRawRecord(Topics.Normalized, "any-key", new LogEventBatch("any-key", []), new Partition(sourcePartition), 8));
    }
}
