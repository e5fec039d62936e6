using System.Security.Cryptography;
using System.Text.Json;
using Cloud.Unum.USearch;
using FaultMaven.Retrieval.Embeddings;
using FaultMaven.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace FaultMaven.Retrieval.VectorStores;

/// <summary>
/// An in-process HNSW index (USearch, cosine) kept on disk as a snapshot and a journal. The snapshot is the USearch file
/// at <c>indexPath</c> with a JSON manifest beside it (<c>indexPath.manifest.json</c>: USearch's integer keys to incident
/// ids and metadata, the snapshot's id and the SHA-256 of the USearch file). Each change after it is one record appended
/// to <c>indexPath.journal</c> (<see cref="IndexJournal"/>), so an upsert costs the same at 10 k or 1 M vectors; once the
/// journal holds a quarter as many records as the index holds vectors (at least <see cref="MinimumCompactionRecords"/>),
/// a new snapshot replaces both, which keeps the amortized cost per change constant.
/// A missing, unreadable (truncated, overwritten, bad JSON, checksum mismatch) or other-model snapshot opens as an empty
/// index, with a warning naming the reason, which PostgreSQL's copy then rebuilds (<see cref="RebuildAsync"/> logs its
/// progress); a journal cut short keeps the records before the cut, and the count that then differs from PostgreSQL's
/// triggers the same rebuild.
/// </summary>
public sealed class UsearchIncidentVectorStore : IRebuildableIncidentVectorStore, IDisposable
{
    // USearch has no filter predicate in its C# binding: over-fetch this many times the wanted count, then filter,
    // doubling until enough matches pass or the whole index was searched.
    private const int OverFetchFactor = 4;

    private static readonly JsonSerializerOptions ManifestJson = new(JsonSerializerDefaults.Web);

    private readonly Lock gate = new();
    private readonly string indexPath;
    private readonly EmbeddingModel model;
    private readonly ILogger logger;
    private readonly HnswOptions hnsw;
    private HnswIndex index;
    private Manifest manifest;
    private IndexJournal journal;

    /// <summary>How many vectors a rebuild adds between two progress messages; also the batch it inserts on <see cref="HnswOptions.BuildThreads"/> threads at once.</summary>
    public const int RebuildProgressInterval = 10_000;

    /// <summary>The fewest journal records that make a new snapshot, so that a small index is not rewritten on every change.</summary>
    public const int MinimumCompactionRecords = 1_000;

    /// <param name="logger">Told why a file was not reopened, and how far a rebuild is; none when null.</param>
    /// <param name="hnsw">The graph's settings; USearch's defaults with <see cref="HnswOptions"/>' search expansion when null.
    /// A file built with another connectivity opens empty, to be rebuilt from PostgreSQL with this one.</param>
    public UsearchIncidentVectorStore(string indexPath, EmbeddingModel model, ILogger? logger = null, HnswOptions? hnsw = null)
    {
        this.indexPath = Path.GetFullPath(indexPath);
        this.model = model;
        this.logger = logger ?? NullLogger.Instance;
        this.hnsw = hnsw ?? new HnswOptions();
        (index, manifest) = LoadOrEmpty();
        journal = manifest.IndexSha256 is null ? Snapshot() : OpenJournal();
    }

    private string ManifestPath => indexPath + ".manifest.json";

    private string JournalPath => indexPath + ".journal";

    public EmbeddingSetState State
    {
        get
        {
            lock (gate)
            {
                var entries = manifest.Entries.Values;
                return new EmbeddingSetState(entries.Count, entries.Count == 0 ? null : entries.Max(entry => entry.EmbeddedAt));
            }
        }
    }

    public Task UpsertAsync(IncidentVector vector, CancellationToken cancellationToken = default)
    {
        var values = Checked(vector.Vector);
        lock (gate)
        {
            var entry = Add(vector, values);
            Record(new JournalRecord(entry.IncidentId, entry.Key, values, entry.Metadata, entry.EmbeddedAt));
        }

        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<VectorMatch>> QueryAsync(
        ReadOnlyMemory<float> vector, int top, IncidentFilter? filter = null, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(top);
        var query = Checked(vector);
        lock (gate)
        {
            var size = (int)index.Count;
            if (size == 0)
            {
                return Task.FromResult<IReadOnlyList<VectorMatch>>([]);
            }

            for (var wanted = filter is null ? top : top * OverFetchFactor; ; wanted *= 2)
            {
                var found = index.Search(query, Math.Min(wanted, size), out var keys, out var distances);
                var matches = keys.Take(found)
                    .Select((key, rank) => (Entry: manifest.ByKey[key], Distance: distances[rank]))
                    .Where(match => filter is null || filter.Accepts(match.Entry.Metadata))
                    .Take(top)
                    .Select(match => new VectorMatch(match.Entry.IncidentId, 1 - match.Distance, match.Entry.Metadata))
                    .ToList();
                if (matches.Count == top || wanted >= size)
                {
                    return Task.FromResult<IReadOnlyList<VectorMatch>>(matches);
                }
            }
        }
    }

    public Task DeleteAsync(string incidentId, CancellationToken cancellationToken = default)
    {
        lock (gate)
        {
            if (manifest.Entries.Remove(incidentId, out var entry))
            {
                index.Remove(entry.Key);
                manifest.ByKey.Remove(entry.Key);
                Record(new JournalRecord(entry.IncidentId, entry.Key));
            }
        }

        return Task.CompletedTask;
    }

    public async Task RebuildAsync(IAsyncEnumerable<IncidentVector> vectors, CancellationToken cancellationToken = default)
    {
        var rebuilt = NewIndex();
        var rebuiltManifest = Manifest.Empty(model, hnsw);
        var timer = System.Diagnostics.Stopwatch.StartNew();
        var threads = hnsw.EffectiveBuildThreads;
        logger.LogInformation("Rebuilding the embedded incident index {Path} from PostgreSQL on {Threads} threads", indexPath, threads);
        // Batches bound what is held besides the index (one batch of vectors), and let USearch insert a batch concurrently.
        var batch = new List<(ulong Key, float[] Vector)>(RebuildProgressInterval);
        var reinserted = 0;
        await foreach (var vector in vectors.WithCancellation(cancellationToken))
        {
            var entry = rebuiltManifest.Add(vector);
            batch.Add((entry.Key, Checked(vector.Vector)));
            if (batch.Count == RebuildProgressInterval)
            {
                reinserted += rebuilt.AddParallel(batch, threads);
                batch.Clear();
                logger.LogInformation("Rebuilding the embedded incident index: {Count} vectors added in {Seconds:F0} s", rebuiltManifest.Entries.Count, timer.Elapsed.TotalSeconds);
            }
        }

        reinserted += rebuilt.AddParallel(batch, threads);

        lock (gate)
        {
            index.Dispose();
            (index, manifest) = (rebuilt, rebuiltManifest);
            Compact();
        }

        logger.LogInformation(
            "Rebuilt the embedded incident index {Path}: {Count} vectors in {Seconds:F1} s, {Reinserted} of them inserted again alone because the parallel insert left them unreachable",
            indexPath, rebuiltManifest.Entries.Count, timer.Elapsed.TotalSeconds, reinserted);
    }

    /// <summary>
    /// Writes the whole index as a new snapshot and starts an empty journal, as happens by itself once the journal is a
    /// quarter of the index; its cost grows with the index (what every change cost before the journal).
    /// </summary>
    public void Compact()
    {
        lock (gate)
        {
            journal.Dispose();
            journal = Snapshot();
        }
    }

    public void Dispose()
    {
        lock (gate)
        {
            journal.Dispose();
            index.Dispose();
        }
    }

    private Entry Add(IncidentVector vector, float[] values)
    {
        Remove(vector.IncidentId);
        return manifest.Add(index, vector, values);
    }

    private void Remove(string incidentId)
    {
        if (manifest.Entries.Remove(incidentId, out var replaced))
        {
            index.Remove(replaced.Key);
            manifest.ByKey.Remove(replaced.Key);
        }
    }

    private void Record(JournalRecord record)
    {
        journal.Append(record);
        if (journal.Records >= Math.Max(MinimumCompactionRecords, manifest.Entries.Count / 4))
        {
            Compact();
        }
    }

    // The journal's records go onto the snapshot with the keys they were given, so that a replay rebuilds the same index.
    private IndexJournal OpenJournal()
    {
        var (opened, replay) = IndexJournal.Open(JournalPath, manifest.SnapshotId);
        foreach (var record in replay.Records)
        {
            Remove(record.IncidentId);
            if (!record.IsDelete)
            {
                manifest.Put(index, new Entry(record.Key, record.IncidentId, record.Metadata!, record.EmbeddedAt), record.Vector!);
            }
        }

        if (replay.Stale)
        {
            logger.LogInformation("The journal of the embedded incident index at {Path} belongs to an older snapshot; its changes are in the snapshot", JournalPath);
        }
        else if (replay.DiscardedBytes > 0)
        {
            logger.LogWarning("The journal of the embedded incident index at {Path} ended in {Bytes} bytes of a cut-short or damaged record; {Count} records before them were kept, and the rest is rebuilt from PostgreSQL", JournalPath, replay.DiscardedBytes, replay.Records.Count);
        }

        return opened;
    }

    private float[] Checked(ReadOnlyMemory<float> vector) =>
        vector.Length == model.Dimensions
            ? vector.ToArray()
            : throw new ArgumentException($"a {vector.Length}-dimensional vector does not fit the {model.Dimensions}-dimensional index of {model.Id}", nameof(vector));

    private HnswIndex NewIndex() => HnswIndex.Create(model.Dimensions, hnsw);

    private (HnswIndex, Manifest) LoadOrEmpty()
    {
        if (!File.Exists(indexPath) || !File.Exists(ManifestPath))
        {
            logger.LogInformation("No embedded incident index at {Path} yet; it is built from PostgreSQL", indexPath);
            return (NewIndex(), Manifest.Empty(model, hnsw));
        }

        try
        {
            var saved = JsonSerializer.Deserialize<Manifest>(File.ReadAllText(ManifestPath), ManifestJson);
            if (saved is null || saved.Model != model.Id || saved.Dimensions != model.Dimensions)
            {
                logger.LogInformation("The embedded incident index at {Path} is of another model; it is rebuilt from PostgreSQL", indexPath);
                return (NewIndex(), Manifest.Empty(model, hnsw));
            }

            if (saved.IndexSha256 is null || saved.IndexSha256 != Sha256Of(indexPath))
            {
                logger.LogWarning("The embedded incident index at {Path} does not match the checksum in its manifest; it is rebuilt from PostgreSQL", indexPath);
                return (NewIndex(), Manifest.Empty(model, hnsw));
            }

            if (saved.Connectivity != hnsw.Connectivity)
            {
                // 0: a manifest from before the setting, whose index was built with USearch's default of 16.
                logger.LogInformation("The embedded incident index at {Path} was built with connectivity {Built}, not the configured {Configured}; it is rebuilt from PostgreSQL", indexPath, saved.Connectivity == 0 ? 16 : saved.Connectivity, hnsw.Connectivity);
                return (NewIndex(), Manifest.Empty(model, hnsw));
            }

            var loaded = HnswIndex.Load(indexPath, hnsw);
            if (loaded.Dimensions == model.Dimensions && saved.Entries.Values.All(entry => loaded.Contains(entry.Key))
                && loaded.Count == saved.Entries.Count)
            {
                return (loaded, saved.Indexed());
            }

            loaded.Dispose();
            logger.LogWarning("The embedded incident index at {Path} does not match its manifest; it is rebuilt from PostgreSQL", indexPath);
        }
        catch (Exception exception) when (exception is JsonException or IOException or USearchException or NotSupportedException)
        {
            // A file cut short by a full disk or overwritten: PostgreSQL holds every embedding, so starting empty loses nothing.
            logger.LogWarning(exception, "The embedded incident index at {Path} is unreadable; it is rebuilt from PostgreSQL", indexPath);
        }

        return (NewIndex(), Manifest.Empty(model, hnsw));
    }

    // Written beside, synced and renamed over, so that a crash leaves the old pair or the new one (a mixed pair fails the
    // checksum and is rebuilt); then a journal for the new snapshot, which a crash before it leaves stale (the old
    // journal names the old snapshot) rather than replayed twice.
    private IndexJournal Snapshot()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(indexPath)!);
        // Temporary names of this write only: two processes pointed at one path (a misconfiguration) then overwrite each
        // other's snapshot, which the checksum catches, instead of renaming each other's half-written files away.
        var (indexTemp, manifestTemp) = (IndexJournal.TemporaryName(indexPath), IndexJournal.TemporaryName(ManifestPath));
        index.Save(indexTemp);
        manifest.SnapshotId = Guid.NewGuid();
        manifest.IndexSha256 = Sha256Of(indexTemp);
        File.WriteAllText(manifestTemp, JsonSerializer.Serialize(manifest, ManifestJson));
        Sync(indexTemp);
        Sync(manifestTemp);
        File.Move(indexTemp, indexPath, overwrite: true);
        File.Move(manifestTemp, ManifestPath, overwrite: true);
        return IndexJournal.Start(JournalPath, manifest.SnapshotId);
    }

    private static string Sha256Of(string path)
    {
        using var file = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(file));
    }

    private static void Sync(string path)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.ReadWrite);
        file.Flush(flushToDisk: true);
    }

    private sealed record Entry(ulong Key, string IncidentId, IncidentMetadata Metadata, DateTimeOffset EmbeddedAt);

    private sealed class Manifest
    {
        public required string Model { get; init; }

        public required int Dimensions { get; init; }

        /// <summary>The HNSW connectivity the USearch file was built with (USearch does not report it after a load).</summary>
        public int Connectivity { get; init; }

        public ulong NextKey { get; set; }

        /// <summary>Names the snapshot, so that a journal written for another one is not replayed onto it.</summary>
        public Guid SnapshotId { get; set; }

        /// <summary>Of the USearch file this manifest was written with; null in a manifest not read from disk.</summary>
        public string? IndexSha256 { get; set; }

        public Dictionary<string, Entry> Entries { get; init; } = [];

        [System.Text.Json.Serialization.JsonIgnore]
        public Dictionary<ulong, Entry> ByKey { get; private init; } = [];

        public static Manifest Empty(EmbeddingModel model, HnswOptions hnsw) => new() { Model = model.Id, Dimensions = model.Dimensions, Connectivity = hnsw.Connectivity };

        public Manifest Indexed() => new()
        {
            Model = Model,
            Dimensions = Dimensions,
            Connectivity = Connectivity,
            NextKey = NextKey,
            SnapshotId = SnapshotId,
            IndexSha256 = IndexSha256,
            Entries = Entries,
            ByKey = Entries.Values.ToDictionary(entry => entry.Key),
        };

        public Entry Add(HnswIndex index, IncidentVector vector, float[] values) =>
            Put(index, new Entry(NextKey, vector.IncidentId, vector.Metadata, vector.EmbeddedAt), values);

        public Entry Put(HnswIndex index, Entry entry, float[] values)
        {
            index.Add(entry.Key, values);
            return Add(entry);
        }

        /// <summary>Records <paramref name="vector"/>'s entry under the next key, for its vector to be added to the index by the caller.</summary>
        public Entry Add(IncidentVector vector) => Add(new Entry(NextKey, vector.IncidentId, vector.Metadata, vector.EmbeddedAt));

        private Entry Add(Entry entry)
        {
            Entries[entry.IncidentId] = entry;
            ByKey[entry.Key] = entry;
            NextKey = Math.Max(NextKey, entry.Key + 1);
            return entry;
        }
    }
}
