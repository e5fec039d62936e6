using System.Collections.Concurrent;
using Streamiz.Kafka.Net;
using Streamiz.Kafka.Net.Crosscutting;
using Streamiz.Kafka.Net.Processors;
using Streamiz.Kafka.Net.Processors.Internal;
using Streamiz.Kafka.Net.State;
using Streamiz.Kafka.Net.State.InMemory;
using Streamiz.Kafka.Net.State.Supplier;

namespace FaultMaven.Pipeline;

/// <summary>
/// Counts, per state store and stream task, the commits that flushed the store. Streamiz commits a task by flushing its
/// stores (with caching on, that is when their changes reach the changelog), then flushing the producer (every record sent
/// so far is acknowledged), then committing the input offsets; a processor runs between commits, never during one. So a
/// count that grew since a processor changed its state means that change is durable: a restarted task restores it.
/// Streamiz has no commit callback for processors, so the count comes from the stores this ledger supplies.
/// </summary>
public sealed class CommitLedger
{
    private readonly ConcurrentDictionary<(string Store, string Task), long> flushes = new();

    /// <summary>How many times the task's copy of the store has been flushed by a commit; 0 before the first.</summary>
    public long Flushes(string store, TaskId task) => flushes.GetValueOrDefault((store, task.ToString()));

    /// <summary>An in-memory key-value store (Streamiz's own) whose flushes this ledger counts.</summary>
    public IKeyValueBytesStoreSupplier InMemoryKeyValueStore(string name) => new Supplier(name, this);

    private void Flushed(string store, TaskId task) => flushes.AddOrUpdate((store, task.ToString()), 1, (_, count) => count + 1);

    private sealed class Supplier(string name, CommitLedger ledger) : IKeyValueBytesStoreSupplier
    {
        public string Name { get; set; } = name;

        public string MetricsScope => "in-memory";

        public IKeyValueStore<Bytes, byte[]> Get() => new CountedStore(Name, ledger);
    }

    // Re-implements IStateStore so that Init, which the base class does not make virtual, can learn the task.
    private sealed class CountedStore(string name, CommitLedger ledger) : InMemoryKeyValueStore(name), IStateStore
    {
        private TaskId? task;

        void IStateStore.Init(ProcessorContext context, IStateStore root)
        {
            task = context.Id;
            Init(context, root);
        }

        public override void Flush()
        {
            base.Flush();
            if (task is not null)
            {
                ledger.Flushed(Name, task);
            }
        }
    }
}
