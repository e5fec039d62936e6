using FaultMaven.Contracts;

namespace FaultMaven.Pipeline.Ingestion;

/// <summary>
/// Configuration section <c>FaultMaven:Ingestion:FlowControl</c>: how far the pipeline's consumer groups may fall
/// behind before producers (<c>fm push</c>, <c>/logs/ingest</c>, HEC) are held back, so that a broker with bounded
/// retention never drops records nobody has read.
/// </summary>
public sealed class FlowControlOptions
{
    public const string Section = "FaultMaven:Ingestion:FlowControl";

    /// <summary>Off for a cluster whose retention is far larger than any backlog (lag is then only reported).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// Most uncommitted records per partition, per topic, that a consumer group may have before producers wait;
    /// 0 means no limit for that topic. Keys are topic names; a key given in configuration replaces only its own default.
    /// </summary>
    /// <remarks>
    /// Measured on the dev broker (librdkafka mock, lz4, one partition, HDFS.log): it kept 263 records of
    /// <c>fm push</c>'s 64 KiB chunks (17.2 MB) and 101,945 one-line records of about 187 bytes (19.1 MB); less
    /// compressible logs keep fewer. The defaults stay well under that: 64 chunks (4 MiB) on logs.raw and on
    /// logs.normalized, whose records are batches of one raw record's events (a logs sink 276 batches behind lost 61 of
    /// them in a 300,000-line load run), and 30,000 records on findings and dead letters, which are one per record.
    /// On a real cluster, raise them to what its retention holds, or set <see cref="Enabled"/> false.
    /// </remarks>
    public Dictionary<string, long> MaxLagRecords { get; set; } = new(StringComparer.OrdinalIgnoreCase)
    {
        [Topics.Raw] = 64,
        [Topics.Normalized] = 64,
        [Topics.Findings] = 30_000,
        [Topics.DeadLetter] = 30_000,
    };

    /// <summary>
    /// How long a lag reading is reused; the broker is asked at most once per interval, never per request. A waiting
    /// producer asks again after this interval, so it also bounds how soon a drained window is refilled: with 500 ms the
    /// pipeline sat idle between refills in the load runs (docs/benchmarks.md). One reading is one offset fetch and one
    /// watermark request per partition of each group, cheap next to the records it admits.
    /// </summary>
    public TimeSpan RefreshInterval { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Longest time one lag reading may take before it counts as failed (producers then wait and retry).</summary>
    public TimeSpan ReadTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The limit for <paramref name="topic"/>, or null when it has none.</summary>
    public long? LimitFor(string topic) => Enabled && MaxLagRecords.TryGetValue(topic, out var limit) && limit > 0 ? limit : null;

    public IEnumerable<string> Validate()
    {
        string[] known = [Topics.Raw, Topics.Normalized, Topics.Findings, Topics.DeadLetter];
        foreach (var (topic, limit) in MaxLagRecords)
        {
            if (!known.Contains(topic, StringComparer.OrdinalIgnoreCase))
            {
                yield return $"{Section}:MaxLagRecords:{topic} names no pipeline topic (known: {string.Join(", ", known)})";
            }
            else if (limit < 0)
            {
                yield return $"{Section}:MaxLagRecords:{topic} must be 0 (no limit) or more (was {limit})";
            }
        }

        if (RefreshInterval < TimeSpan.FromMilliseconds(50) || RefreshInterval > TimeSpan.FromMinutes(1))
        {
            yield return $"{Section}:RefreshInterval must be between 50 ms and 1 minute (was {RefreshInterval})";
        }

        if (ReadTimeout < TimeSpan.FromMilliseconds(100) || ReadTimeout > TimeSpan.FromMinutes(1))
        {
            yield return $"{Section}:ReadTimeout must be between 100 ms and 1 minute (was {ReadTimeout})";
        }
    }
}
