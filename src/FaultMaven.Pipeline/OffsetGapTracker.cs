using System.Collections.Concurrent;

namespace FaultMaven.Pipeline;

/// <summary>
/// Notices offsets that were skipped on a partition: records the broker dropped (the dev broker keeps about
/// 5 MiB per partition and silently discards the oldest) or that vanished between commit and restart.
/// </summary>
public sealed class OffsetGapTracker
{
    private readonly ConcurrentDictionary<(string Topic, int Partition), long> nextExpected = new();

    /// <summary>Where consumption of a partition resumes (its committed offset), so a gap before the first record counts too.</summary>
    public void Resume(string topic, int partition, long committedOffset)
    {
        if (committedOffset >= 0)
        {
            nextExpected[(topic, partition)] = committedOffset;
        }
    }

    /// <summary>Records that <paramref name="offset"/> was seen and returns how many offsets before it were skipped.</summary>
    public long Observe(string topic, int partition, long offset)
    {
        var key = (topic, partition);
        var gap = nextExpected.TryGetValue(key, out var expected) && offset > expected ? offset - expected : 0;
        nextExpected[key] = Math.Max(offset + 1, expected);
        return gap;
    }
}
