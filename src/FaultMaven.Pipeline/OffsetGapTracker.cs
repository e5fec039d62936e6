using System.Collections.Concurrent;
using Confluent.Kafka;

namespace FaultMaven.Pipeline;

/// <summary>
/// Counts records lost on a partition: offsets a consumer never saw because the broker dropped them (the dev broker
/// keeps about 5 MiB per partition and silently discards the oldest), including a gap before the first record a
/// consumer sees — records dropped before the group first read the partition, or while the worker was down.
/// </summary>
/// <remarks>
/// Trackers created with the parameterless constructor share one ledger per process, so that every consumer in the
/// worker accounts to a single authority and each lost offset is counted once. The ledger knows, per partition, up to
/// where every offset was either seen or counted lost. When a record lies beyond that (or the partition is new to this
/// process), it asks where the topic's consumer group had committed — 0 when it never committed, because the group
/// must read the whole log — so records another member consumed are not counted and records no one consumed are.
/// </remarks>
public sealed class OffsetGapTracker
{
    private static readonly Ledger Shared = new();
    private readonly Ledger ledger;

    /// <summary>A tracker on the process's shared ledger.</summary>
    public OffsetGapTracker()
    {
        ledger = Shared;
    }

    /// <summary>A tracker with a ledger of its own, asking <paramref name="committedOrZero"/> for a group's position.</summary>
    public OffsetGapTracker(Func<string, int, long?> committedOrZero)
    {
        ledger = new Ledger { CommittedOrZero = committedOrZero };
    }

    /// <summary>
    /// Lets the shared ledger ask where the consumer group of each pipeline topic has committed. Without it (unit tests
    /// of a topology) a gap before the first record seen on a partition cannot be told from a normal start and is not counted.
    /// </summary>
    public static void UseCommittedOffsets(KafkaOptions options)
    {
        var groupOf = ConsumerGroups.All(options).ToDictionary(g => g.Topic, g => g.Group);
        Shared.CommittedOrZero = (topic, partition) => groupOf.TryGetValue(topic, out var group) ? CommittedOrZero(options, group, topic, partition) : null;
    }

    /// <summary>Where consumption of a partition resumes after an assignment (its committed offset; negative when none).</summary>
    public void Resume(string topic, int partition, long committedOffset) =>
        ledger.Through[(topic, partition)] = Math.Max(0, committedOffset);

    /// <summary>Records that <paramref name="offset"/> was seen and returns the records before it that are lost and were not counted yet, null when none is.</summary>
    public OffsetGap? Observe(string topic, int partition, long offset)
    {
        var key = (topic, partition);
        var known = ledger.Through.TryGetValue(key, out var through);
        if (known && offset <= through)
        {
            ledger.Through[key] = Math.Max(through, offset + 1);
            return null;
        }

        // A jump, or a partition new to this process: only what the group never committed past is lost.
        var position = ledger.CommittedOrZero?.Invoke(topic, partition);
        var from = (known, position) switch
        {
            (true, { } committed) => Math.Max(through, committed),
            (true, null) => through,
            (false, { } committed) => committed,
            (false, null) => offset,
        };
        ledger.Through[key] = offset + 1;
        return from < offset ? new OffsetGap(topic, partition, from, offset - 1) : null;
    }

    /// <summary>The committed offset of <paramref name="group"/>, 0 when it never committed, null when the broker did not answer.</summary>
    private static long? CommittedOrZero(KafkaOptions options, string group, string topic, int partition)
    {
        try
        {
            using var consumer = new ConsumerBuilder<Ignore, Ignore>(KafkaClients.Consumer(options, group)).Build();
            var committed = consumer.Committed([new TopicPartition(topic, partition)], TimeSpan.FromSeconds(10)).Single().Offset;
            return committed.IsSpecial ? 0 : committed.Value;
        }
        catch (KafkaException)
        {
            return null;
        }
    }

    private sealed class Ledger
    {
        /// <summary>Per partition, the offset before which every record was seen or counted lost.</summary>
        public ConcurrentDictionary<(string Topic, int Partition), long> Through { get; } = new();

        public Func<string, int, long?>? CommittedOrZero { get; set; }
    }
}
