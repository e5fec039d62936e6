using System.Collections.Concurrent;
using Streamiz.Kafka.Net;
using Streamiz.Kafka.Net.Crosscutting;
using Streamiz.Kafka.Net.Processors;
using Streamiz.Kafka.Net.Processors.Internal;
using Streamiz.Kafka.Net.State;
using Streamiz.Kafka.Net.State.Enumerator;
using Streamiz.Kafka.Net.State.InMemory;
using Streamiz.Kafka.Net.State.Supplier;

namespace FaultMaven.Pipeline;

/// <summary>
/// Supplies in-memory key-value stores that count how often Streamiz flushed them, per task. Streamiz gives a
/// processor no signal of a commit; it flushes every store of a task at the start of each commit (then the producer,
/// then the consumer's offsets: <c>StreamTask.Commit</c> in Streamiz 1.8), and at no other time, so a store's flush count
/// tells a processor of the same task which commit interval it is in. <see cref="CarriedStates"/> uses it to remember a
/// source's state as of the last commit.
/// It also tells them whether the task's store is restored (<see cref="Restored"/>): Streamiz 1.8 initializes a task's
/// processors, and so schedules their punctuations, before it restores the task's stores, and runs punctuations of
/// restoring tasks too (<c>TaskManager.Punctuate</c>), so a punctuation would otherwise read a store that holds only a
/// prefix of its changelog.
/// </summary>
public sealed class CommitCountingStoreSupplier(string name) : IKeyValueBytesStoreSupplier
{
    private readonly ConcurrentDictionary<TaskId, CommitCountingStore> stores = new();
    private volatile bool restorationAnnounced;

    public string Name { get; set; } = name;

    public string MetricsScope => "in-memory";

    public IKeyValueStore<Bytes, byte[]> Get() => new CommitCountingStore(new InMemoryKeyValueStore(Name), this);

    /// <summary>
    /// Names the task's current commit interval: the store's identity (random per store instance, so a restarted or
    /// reassigned task's store never repeats a name of the one before) and how often it has been flushed, as
    /// <c>"{identity:x16}-{flushes}"</c>. Null before the task's store is initialized.
    /// </summary>
    public string? IntervalOf(TaskId task) => stores.TryGetValue(task, out var store) ? store.Interval : null;

    /// <summary>Whether two names of <see cref="IntervalOf"/> come from the same store instance (the same run of the task).</summary>
    public static bool SameStore(string? interval, string? other) =>
        interval is not null && other is not null && interval.Length > IdentityLength && other.Length > IdentityLength
        && interval.AsSpan(0, IdentityLength).SequenceEqual(other.AsSpan(0, IdentityLength));

    private const int IdentityLength = 16;

    /// <summary>
    /// From now on a task's store counts as restored only once <see cref="RestoreEnded"/> names its changelog partition
    /// (the worker calls it from <c>KafkaStream.OnRestoreEndEvent</c>). Without it, as under Streamiz's
    /// <c>TopologyTestDriver</c>, which restores nothing, every store counts as restored.
    /// </summary>
    public void AwaitRestoration() => restorationAnnounced = true;

    /// <summary>
    /// Streamiz finished restoring <paramref name="storeName"/> from partition <paramref name="partition"/> of its
    /// changelog, which is the partition of the task's input it belongs to. Names of other stores are ignored.
    /// </summary>
    public void RestoreEnded(string storeName, int partition)
    {
        if (storeName != Name)
        {
            return;
        }

        foreach (var (task, store) in stores)
        {
            if (task.Partition == partition)
            {
                store.Restored = true;
            }
        }
    }

    /// <summary>
    /// Whether <paramref name="task"/>'s store holds all its changelog had when the task started (always, unless
    /// <see cref="AwaitRestoration"/> was called). False before the task's store is initialized.
    /// </summary>
    public bool Restored(TaskId task) => stores.TryGetValue(task, out var store) && (store.Restored || !restorationAnnounced);

    private void Register(TaskId task, CommitCountingStore store) => stores[task] = store;

    /// <summary>The in-memory store, counting the flushes Streamiz asks of it.</summary>
    private sealed class CommitCountingStore(InMemoryKeyValueStore inner, CommitCountingStoreSupplier supplier) : IKeyValueStore<Bytes, byte[]>
    {
        private readonly long identity = Random.Shared.NextInt64();
        private long flushes;

        public string Interval { get; private set; } = "";

        /// <summary>Set once, from the thread that restores and runs the task, and read by it: no lock.</summary>
        public bool Restored { get; set; }

        public string Name => inner.Name;

        public bool Persistent => inner.Persistent;

        public bool IsLocally => inner.IsLocally;

        public bool IsOpen => inner.IsOpen;

        public void Init(ProcessorContext context, IStateStore root)
        {
            Interval = $"{identity:x16}-{flushes}";
            supplier.Register(context.Id, this);
            inner.Init(context, root);
        }

        public void Flush()
        {
            inner.Flush();
            flushes++;
            Interval = $"{identity:x16}-{flushes}";
        }

        public void Close() => inner.Close();

        public byte[] Get(Bytes key) => inner.Get(key);

        public IKeyValueEnumerator<Bytes, byte[]> Range(Bytes from, Bytes to) => inner.Range(from, to);

        public IKeyValueEnumerator<Bytes, byte[]> ReverseRange(Bytes from, Bytes to) => inner.ReverseRange(from, to);

        public IEnumerable<KeyValuePair<Bytes, byte[]>> All() => inner.All();

        public IEnumerable<KeyValuePair<Bytes, byte[]>> ReverseAll() => inner.ReverseAll();

        public long ApproximateNumEntries() => inner.ApproximateNumEntries();

        public void Put(Bytes key, byte[] value) => inner.Put(key, value);

        public byte[] PutIfAbsent(Bytes key, byte[] value) => inner.PutIfAbsent(key, value);

        public void PutAll(IEnumerable<KeyValuePair<Bytes, byte[]>> entries) => inner.PutAll(entries);

        public byte[] Delete(Bytes key) => inner.Delete(key);
    }
}
