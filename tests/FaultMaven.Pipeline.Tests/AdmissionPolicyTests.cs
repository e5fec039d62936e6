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

    [Fact]
    public void Raw_records_not_yet_normalized_count_against_the_normalized_limit_of_their_partition()
    {
        // 40 + 30 already exceeds 64: each raw record becomes a normalized one on the same partition.
        var refusal = Refusal(1, 0, Lag(Stream, Topics.Raw, 3, 30), Lag(LogsSink, Topics.Normalized, 3, 40));

        Assert.Equal($"group {LogsSink} is 40 records behind on logs.normalized/3 plus 30 still on their way from logs.raw (limit 64)", refusal);
    }

    [Fact]
    public void Raw_lag_on_another_partition_does_not_count_against_a_normalized_partition()
    {
        Assert.Null(Refusal(1, 0, Lag(Stream, Topics.Raw, 1, 30), Lag(LogsSink, Topics.Normalized, 3, 40)));
    }

    [Fact]
    public void Records_produced_since_the_reading_count_against_both_limits()
    {
        Assert.Null(Refusal(1, 20, Lag(Stream, Topics.Raw, 3, 10), Lag(LogsSink, Topics.Normalized, 3, 33)));

        var refusal = Refusal(1, 20, Lag(Stream, Topics.Raw, 3, 10), Lag(LogsSink, Topics.Normalized, 3, 34));

        Assert.StartsWith($"group {LogsSink} is 34 records behind on logs.normalized/3", refusal);
    }

    [Fact]
    public void The_raw_limit_counts_the_lag_and_what_was_produced_since()
    {
        Assert.Null(Refusal(4, 10, Lag(Stream, Topics.Raw, 0, 50)));

        Assert.Equal($"group {Stream} is 50 records behind on logs.raw/0 plus 10 just produced (limit 64)", Refusal(5, 10, Lag(Stream, Topics.Raw, 0, 50)));
    }

    [Fact]
    public void A_batch_larger_than_a_limit_is_admitted_when_nothing_is_in_flight()
    {
        Assert.Null(Refusal(500, 0, Lag(Stream, Topics.Raw, 0, 0), Lag(LogsSink, Topics.Normalized, 0, 0)));
    }

    [Fact]
    public void Other_downstream_topics_are_limited_by_their_own_lag_only()
    {
        Assert.Null(Refusal(1, 0, Lag(Stream, Topics.Raw, 0, 60), Lag(FindingsSink, Topics.Findings, 0, 999)));

        Assert.Equal($"group {FindingsSink} is 1000 records behind on findings/0 (limit 1000)", Refusal(1, 0, Lag(FindingsSink, Topics.Findings, 0, 1_000)));
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
