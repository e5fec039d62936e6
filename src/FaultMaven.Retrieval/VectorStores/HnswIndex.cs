using System.Runtime.InteropServices;
using Cloud.Unum.USearch;

namespace FaultMaven.Retrieval.VectorStores;

/// <summary>
/// A USearch HNSW index of float32 vectors under cosine distance, called through USearch's C library (libusearch_c,
/// shipped in the Cloud.Unum.USearch package) rather than its C# class, which cannot set the search expansion of a
/// loaded index, reserves room one vector at a time, and serializes adds. Here the search expansion is applied after a
/// load too (USearch does not store it in the file), room grows by doubling, and <see cref="AddParallel"/> inserts
/// from several threads at once (USearch's add is thread-safe within the reserved thread count).
/// Not thread-safe for mixing <see cref="Add"/>/<see cref="Remove"/> with other calls: the caller serializes writes.
/// </summary>
public sealed class HnswIndex : IDisposable
{
    private const string Library = "libusearch_c";

    // A self-check's results and expansion: at ef 16 it costs a tenth of a search at the default 512, and of 11,000
    // vectors in HnswIndexTests' sets it missed none that the default found.
    private const int SelfSearchCount = 4;
    private const int SelfSearchExpansion = 16;

    private readonly int dimensions;
    private IntPtr handle;

    private HnswIndex(IntPtr handle, int dimensions, HnswOptions options)
    {
        this.handle = handle;
        this.dimensions = dimensions;
        Options = options;
    }

    /// <summary>The settings the index was made or opened with.</summary>
    public HnswOptions Options { get; }

    /// <summary>The vectors' dimensions.</summary>
    public int Dimensions => dimensions;

    /// <summary>Vectors held.</summary>
    public long Count => (long)Call(usearch_size(handle, out var error), error);

    /// <summary>The candidate-list length a search explores (ef), as the native index holds it; settable at any time.</summary>
    public int ExpansionSearch
    {
        get => (int)Call(usearch_expansion_search(handle, out var error), error);
        set
        {
            usearch_change_expansion_search(handle, (nuint)value, out var error);
            Call(0, error);
        }
    }

    /// <summary>Bytes USearch holds for the graph and the vectors, as it reports them (not the process's whole growth).</summary>
    public long MemoryBytes => (long)Call(usearch_memory_usage(handle, out var error), error);

    /// <summary>An empty index of <paramref name="dimensions"/>-dimensional vectors.</summary>
    /// <exception cref="USearchException">USearch refused the settings or ran out of memory.</exception>
    public static HnswIndex Create(int dimensions, HnswOptions options)
    {
        var init = new IndexOptions(MetricKind.Cos, quantization: ScalarKind.Float32, dimensions: (ulong)dimensions,
            connectivity: (ulong)options.Connectivity, expansionAdd: (ulong)options.ExpansionAdd, expansionSearch: (ulong)options.ExpansionSearch);
        var handle = Call(usearch_init(ref init, out var error), error);
        return new HnswIndex(handle, dimensions, options);
    }

    /// <summary>
    /// Reads the index USearch saved at <paramref name="path"/>. Its graph keeps the connectivity it was built with, which
    /// USearch's C library does not report after a load (it answers its default, 16), so the caller keeps it beside the
    /// file (the store's manifest does); the expansions are <paramref name="options"/>' (a file does not keep them), so a
    /// changed <see cref="HnswOptions.ExpansionSearch"/> takes effect at the next start without a rebuild.
    /// </summary>
    /// <exception cref="USearchException">The file is not a USearch index (cut short, overwritten).</exception>
    public static HnswIndex Load(string path, HnswOptions options)
    {
        var init = new IndexOptions();
        var handle = Call(usearch_init(ref init, out var error), error);
        try
        {
            usearch_load(handle, path, out error);
            Call(0, error);
            usearch_change_expansion_add(handle, (nuint)options.ExpansionAdd, out error);
            Call(0, error);
            var dimensions = (int)Call(usearch_dimensions(handle, out error), error);
            return new HnswIndex(handle, dimensions, options) { ExpansionSearch = options.ExpansionSearch };
        }
        catch
        {
            usearch_free(handle, out _);
            throw;
        }
    }

    /// <summary>Makes room for <paramref name="capacity"/> vectors in all, so that adds up to it do not reallocate.</summary>
    public void Reserve(long capacity)
    {
        if (capacity > (long)Call(usearch_capacity(handle, out var error), error))
        {
            usearch_reserve(handle, (nuint)capacity, out error);
            Call(0, error);
        }
    }

    /// <summary>Adds <paramref name="vector"/> (of the index's dimensions) under <paramref name="key"/>, which must be new.</summary>
    public void Add(ulong key, float[] vector)
    {
        // Doubling: USearch's reserve copies the node table, so growing one slot at a time costs O(n²) over a build.
        var count = Count;
        Reserve(Math.Max(count + 1, count * 2));
        AddReserved(key, vector);
    }

    /// <summary>
    /// Adds the vectors of <paramref name="batch"/> on up to <paramref name="threads"/> threads (USearch inserts
    /// concurrently into one graph), then makes sure each can be found: USearch's concurrent inserts leave a few nodes
    /// that no other node links to (0–25 of 1,000 in <c>HnswIndexTests</c>' clustered set on 4 threads, none on one), which
    /// no search reaches however wide. Each vector is looked up with a narrow search for itself (about 0.03 ms at
    /// 10 k), and one it does not find is removed and inserted again alone; after that none of 20 such builds left one.
    /// </summary>
    /// <returns>How many vectors were inserted again.</returns>
    public int AddParallel(IReadOnlyList<(ulong Key, float[] Vector)> batch, int threads)
    {
        var count = Count;
        Reserve(Math.Max(count + batch.Count, count * 2));
        // USearch keeps one search context per inserting thread, as many as processors unless told (and a reserve resets
        // it); a thread beyond them fails with "Reserve capacity ahead of insertions!".
        usearch_change_threads_add(handle, (nuint)threads, out var error);
        Call(0, error);
        Parallel.For(0, batch.Count, new ParallelOptions { MaxDegreeOfParallelism = threads }, i => AddReserved(batch[i].Key, batch[i].Vector));
        var expansion = ExpansionSearch;
        ExpansionSearch = SelfSearchExpansion;
        List<(ulong Key, float[] Vector)> unreachable;
        try
        {
            // Searches are thread-safe up to USearch's search thread count, as adds are up to theirs.
            usearch_change_threads_search(handle, (nuint)threads, out error);
            Call(0, error);
            unreachable = batch.AsParallel().WithDegreeOfParallelism(threads).Where(item => !FindsItself(item.Key, item.Vector)).ToList();
        }
        finally
        {
            ExpansionSearch = expansion;
        }

        foreach (var (key, vector) in unreachable)
        {
            Remove(key);
            AddReserved(key, vector);
        }

        return unreachable.Count;
    }

    /// <summary>
    /// Whether a search for <paramref name="vector"/> returns <paramref name="key"/> among its nearest few. A narrow
    /// search can miss a reachable node, and an exact duplicate can take its place; either costs one needless
    /// re-insert, never a wrong answer.
    /// </summary>
    private bool FindsItself(ulong key, float[] vector)
    {
        var keys = new ulong[SelfSearchCount];
        var found = (int)Call(usearch_search(handle, vector, ScalarKind.Float32, SelfSearchCount, keys, new float[SelfSearchCount], out var error), error);
        return Array.IndexOf(keys, key, 0, found) >= 0;
    }

    /// <summary>The up to <paramref name="count"/> nearest keys with their cosine distances (1 − cosine), nearest first.</summary>
    public int Search(float[] query, int count, out ulong[] keys, out float[] distances)
    {
        Check(query);
        keys = new ulong[count];
        distances = new float[count];
        var found = Call(usearch_search(handle, query, ScalarKind.Float32, (nuint)count, keys, distances, out var error), error);
        return (int)found;
    }

    /// <summary>Whether <paramref name="key"/> is held.</summary>
    public bool Contains(ulong key)
    {
        var contains = usearch_contains(handle, key, out var error);
        Call(0, error);
        return contains;
    }

    /// <summary>Removes <paramref name="key"/>, if held.</summary>
    public void Remove(ulong key) => Call(usearch_remove(handle, key, out var error), error);

    /// <summary>Writes the index to <paramref name="path"/> in USearch's file format.</summary>
    public void Save(string path)
    {
        usearch_save(handle, path, out var error);
        Call(0, error);
    }

    public void Dispose()
    {
        if (handle != IntPtr.Zero)
        {
            usearch_free(handle, out _);
            handle = IntPtr.Zero;
        }
    }

    private void AddReserved(ulong key, float[] vector)
    {
        Check(vector);
        usearch_add(handle, key, vector, ScalarKind.Float32, out var error);
        Call(0, error);
    }

    private void Check(float[] vector)
    {
        if (vector.Length != dimensions)
        {
            throw new ArgumentException($"a {vector.Length}-dimensional vector does not fit a {dimensions}-dimensional index", nameof(vector));
        }
    }

    // The C library reports failures as a static message through its last argument, which is never freed.
    private static T Call<T>(T result, IntPtr error) =>
        error == IntPtr.Zero ? result : throw new USearchException($"USearch: {Marshal.PtrToStringAnsi(error)}");

    [DllImport(Library)]
    private static extern IntPtr usearch_init(ref IndexOptions options, out IntPtr error);

    [DllImport(Library)]
    private static extern void usearch_free(IntPtr index, out IntPtr error);

    [DllImport(Library, CharSet = CharSet.Ansi, BestFitMapping = false, ThrowOnUnmappableChar = true)]
    private static extern void usearch_save(IntPtr index, [MarshalAs(UnmanagedType.LPStr)] string path, out IntPtr error);

    [DllImport(Library, CharSet = CharSet.Ansi, BestFitMapping = false, ThrowOnUnmappableChar = true)]
    private static extern void usearch_load(IntPtr index, [MarshalAs(UnmanagedType.LPStr)] string path, out IntPtr error);

    [DllImport(Library)]
    private static extern nuint usearch_size(IntPtr index, out IntPtr error);

    [DllImport(Library)]
    private static extern nuint usearch_capacity(IntPtr index, out IntPtr error);

    [DllImport(Library)]
    private static extern nuint usearch_dimensions(IntPtr index, out IntPtr error);

    [DllImport(Library)]
    private static extern nuint usearch_expansion_search(IntPtr index, out IntPtr error);

    [DllImport(Library)]
    private static extern nuint usearch_memory_usage(IntPtr index, out IntPtr error);

    [DllImport(Library)]
    private static extern void usearch_reserve(IntPtr index, nuint capacity, out IntPtr error);

    [DllImport(Library)]
    private static extern void usearch_change_threads_add(IntPtr index, nuint threads, out IntPtr error);

    [DllImport(Library)]
    private static extern void usearch_change_threads_search(IntPtr index, nuint threads, out IntPtr error);

    [DllImport(Library)]
    private static extern void usearch_change_expansion_add(IntPtr index, nuint expansion, out IntPtr error);

    [DllImport(Library)]
    private static extern void usearch_change_expansion_search(IntPtr index, nuint expansion, out IntPtr error);

    [DllImport(Library)]
    private static extern void usearch_add(IntPtr index, ulong key, float[] vector, ScalarKind kind, out IntPtr error);

    [DllImport(Library)]
    [return: MarshalAs(UnmanagedType.I1)]
    private static extern bool usearch_contains(IntPtr index, ulong key, out IntPtr error);

    [DllImport(Library)]
    private static extern nuint usearch_search(
        IntPtr index, float[] query, ScalarKind kind, nuint count, [Out] ulong[] keys, [Out] float[] distances, out IntPtr error);

    [DllImport(Library)]
    private static extern nuint usearch_remove(IntPtr index, ulong key, out IntPtr error);
}
