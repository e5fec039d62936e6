using System.Text;
using Confluent.Kafka;
using FaultMaven.Analysis.Detection;
using FaultMaven.Analysis.Filtering;
using FaultMaven.Analysis.Live;
using FaultMaven.Analysis.Templates;
using FaultMaven.Analysis.Normalization;
using FaultMaven.Contracts;
using FaultMaven.Pipeline.Serialization;
using Microsoft.Extensions.Logging;
using Streamiz.Kafka.Net;
using Streamiz.Kafka.Net.Processors;
using Streamiz.Kafka.Net.Processors.Public;
using Streamiz.Kafka.Net.SerDes;
using Streamiz.Kafka.Net.State;
using Streamiz.Kafka.Net.Stream;
using Streamiz.Kafka.Net.Table;

namespace FaultMaven.Pipeline;

/// <summary>
/// logs.raw → normalize → filter → collapse → live-analysis → logs.normalized (or logs.deadletter), and the normalized
/// errors → error-burst windows → findings. Events travel in batches (one per raw record) from normalize on, and
/// errors as one group per tumbling window per batch.
/// </summary>
public sealed class LogPipelineTopology(ContractSerDes serdes, LogNormalizer normalizer, LogFilter filter, RepeatCollapser collapser, ErrorBurstDetector burstDetector, LiveAnalysisOptions liveAnalysis, ILogger logger)
{
    public const string SourceHeader = "source";
    public const string UnknownSource = "unknown";
    public const string NormalizeStep = "normalize";
    /// <summary>
    /// The store of what each source carries from one raw record to the next (<see cref="CarriedState"/>), shared by the
    /// normalize and collapse steps. Named for when it held the normalizer's state alone: a worker upgraded from then
    /// restores that state from the same changelog.
    /// </summary>
    public const string CarriedEventStore = "normalizer-state-store";
    public const string FilterStep = "filter";
    public const string CollapseStep = "collapse";
    public const string ErrorBurstStep = "error-burst";
    public const string ErrorBurstStore = "error-burst-store";
    public const string LiveAnalysisStep = "live-analysis";
    public const string TemplateMinerStore = "template-miner-store";

    /// <summary>
    /// Supplies the <see cref="CarriedEventStore"/> of each task and tells its steps the commit interval and whether the
    /// store is restored; the worker calls <see cref="CommitCountingStoreSupplier.AwaitRestoration"/> and forwards
    /// Streamiz's restore-end events to it.
    /// </summary>
    public CommitCountingStoreSupplier CarriedStores { get; } = new(CarriedEventStore);

    /// <summary>The shape of the topology (processors, stores, internal topics) with every step on, independent of other configuration values.</summary>
    public static ITopologyDescription Describe() =>
        new LogPipelineTopology(
                new ContractSerDes(new LocalSchemaRegistryClient()),
                new LogNormalizer(),
                new LogFilter(new FilterOptions()),
                new FilterOptions().CreateRepeatCollapser(),
                new ErrorBurstDetector(new ErrorBurstOptions()),
                new LiveAnalysisOptions(),
                Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance)
            .Build()
            .Describe();

    /// <summary>
    /// A normalized batch goes to the partition number of the raw record its events came from, whatever its key or
    /// the producers' partitioners: flow control then bounds one partition's normalized backlog by its lag there plus
    /// the raw records still on their way (<see cref="Ingestion.AdmissionPolicy"/>). The events' own raw position
    /// decides, because a batch emitted by a punctuation (a source's last lines, held for the repeat and multi-line
    /// windows) has no source record; a source's order is kept, since its batches come from one raw partition in order.
    /// An empty batch goes where its source record came from, or where the producer's partitioner puts it.
    /// </summary>
    public static Partition SameAsRawRecord(string topic, string key, LogEventBatch batch, Partition source, int partitions)
    {
        var raw = batch.Events.Count > 0 ? batch.Events[0].Raw.Partition : source.Value;
        return raw >= 0 && partitions > 0 ? new Partition(raw % partitions) : Partition.Any;
    }

    public Topology Build()
    {
        var builder = new StreamBuilder();
        var commits = CarriedStores;
        var outcomes = builder
            .Stream(Topics.Raw, new StringSerDes(), new ByteArraySerDes(), "logs-raw")
            .Map((key, value, context) => KeyValuePair.Create(SourceOf(key, context), value), "key-by-source")
            .Transform(
                TransformerBuilder.New<string, byte[], string, NormalizeOutcome>()
                    .Transformer<NormalizeTransformer>(normalizer, commits, logger)
                    .StateStore(CarriedEventStoreBuilder(commits))
                    .Build(),
                NormalizeStep);

        outcomes.FlatMapValues((outcome, _) => outcome.DeadLetters, "dead-letters")
            .To(Topics.DeadLetter, new StringSerDes(), serdes.DeadLetter, "to-logs-deadletter");

        var kept = outcomes
            .MapValues((outcome, _) => new KeptEvents(Keep(outcome.Events), outcome.SourceIdle), FilterStep)
            .Filter((_, kept, _) => kept.Events.Count > 0 || kept.SourceIdle, "kept-events");
        var analyzed = CollapseRepeats(kept, commits)
            .Transform(
                TransformerBuilder.New<string, IReadOnlyList<LogEvent>, string, LiveOutcome>()
                    .Transformer<LiveAnalysisTransformer>(liveAnalysis)
                    .StateStore(Stores.KeyValueStoreBuilder(Stores.InMemoryKeyValueStore(TemplateMinerStore), new StringSerDes(), new ByteArraySerDes()))
                    .Build(),
                LiveAnalysisStep)
            .Branch("route-live", (_, outcome, _) => outcome.Events is not null, (_, _, _) => true);
        var batches = analyzed[0].MapValues((outcome, _) => outcome.Events!, "templated-events");
        batches.To(Topics.Normalized, SameAsRawRecord, new StringSerDes(), serdes.LogEventBatch, "to-logs-normalized");
        analyzed[1].MapValues((outcome, _) => outcome.Finding!, "live-findings")
            .To(Topics.Findings, new StringSerDes(), serdes.Finding, "live-findings-to-findings");

        batches
            .FlatMapValues((batch, _) => burstDetector.GroupByWindow(batch.Events), "errors")
            .Map(ErrorsBySourceAtWindowStart, "errors-by-source")
            .GroupByKey<StringSerDes, JsonSerDes<ErrorSampleGroup>>(ErrorBurstStep)
            .WindowedBy(TumblingWindowOptions.Of(burstDetector.Options.Window))
            .Aggregate(
                () => ErrorBurstWindow.Empty,
                (_, group, window) => burstDetector.AddUncounted(window, group),
                InMemoryWindows.As<string, ErrorBurstWindow>(ErrorBurstStore)
                    .WithKeySerdes<StringSerDes>()
                    .WithValueSerdes<JsonSerDes<ErrorBurstWindow>>(),
                "error-burst-windows")
            .ToStream("error-burst-updates")
            .Filter((_, window, _) => burstDetector.IsBurst(window), "error-bursts")
            .Map((windowed, window, _) => ToFinding(windowed, window), "error-burst-findings")
            .To(Topics.Findings, new StringSerDes(), serdes.Finding, "to-findings");

        return builder.Build();
    }

    /// <summary>Applies the per-source filter rules; every dropped event is counted with its reason.</summary>
    private IReadOnlyList<LogEvent> Keep(IReadOnlyList<LogEvent> events)
    {
        var kept = new List<LogEvent>(events.Count);
        foreach (var logEvent in events)
        {
            var decision = filter.Evaluate(logEvent);
            if (decision.Kept)
            {
                kept.Add(logEvent);
            }
            else
            {
                PipelineMetrics.Count(FilterStep, $"dropped-{decision.DropReason}");
            }
        }

        PipelineMetrics.Count(FilterStep, "kept", kept.Count);
        return kept;
    }

    /// <summary>
    /// The store of the events carried from one raw record to the next (the normalizer's unfinished multi-line event, the
    /// collapser's held repeat), cached until the commit. Written through, the changelog held the state after each record
    /// while the event it had just released, sent on another partition, could still be lost with a killed worker (the
    /// producer orders nothing across partitions), and the replay from the committed offset then started from a state
    /// that no longer held it: a line lost. Cached, the changelog receives the state only when Streamiz commits (flush
    /// the stores, flush the producer, commit the offsets); one changelog record per source per commit instead of one per
    /// raw record is a saving besides. A worker killed inside a commit, after some of its records arrived, restores a
    /// state one commit ahead of the offsets it resumes from; one record per source for both steps
    /// (<see cref="CarriedState"/>) makes that state the same commit's for both (decision 5), and the state as of the
    /// commit before, kept in the same record, is what a replay of that commit's records starts from
    /// (<see cref="CarriedStates"/>, decision 20). <paramref name="commits"/> supplies the stores and tells the steps
    /// which commit interval they write in.
    /// </summary>
    private static IStoreBuilder<IKeyValueStore<string, byte[]>> CarriedEventStoreBuilder(CommitCountingStoreSupplier commits) =>
        Stores.KeyValueStoreBuilder(commits, new StringSerDes(), new ByteArraySerDes()).WithCachingEnabled();

    /// <summary>A zero repeat window turns collapsing off, and the step with it.</summary>
    private IKStream<string, IReadOnlyList<LogEvent>> CollapseRepeats(IKStream<string, KeptEvents> kept, CommitCountingStoreSupplier commits) =>
        collapser.Window == TimeSpan.Zero
            ? kept.MapValues((batch, _) => batch.Events, "kept-event-lists").Filter((_, events, _) => events.Count > 0, "non-empty-event-lists")
            : kept.Transform(
                TransformerBuilder.New<string, KeptEvents, string, IReadOnlyList<LogEvent>>()
                    .Transformer<RepeatCollapseTransformer>(collapser, commits)
                    .Build(),
                CollapseStep);

    /// <summary>Bursts are counted in event time, so lines released late by the idle flush land in their own window.</summary>
    private static KeyValuePair<string, ErrorSampleGroup> ErrorsBySourceAtWindowStart(string source, ErrorSampleGroup group, IRecordContext context)
    {
        context.ChangeTimestamp(group.WindowStart.ToUnixTimeMilliseconds());
        return KeyValuePair.Create(source, group);
    }

    /// <summary>The record's key, else its <c>source</c> header, else <see cref="UnknownSource"/>.</summary>
    private static string SourceOf(string? key, IRecordContext context)
    {
        if (!string.IsNullOrWhiteSpace(key))
        {
            return key;
        }

        var header = context.Headers?.FirstOrDefault(h => h.Key == SourceHeader);
        return header is null ? UnknownSource : Encoding.UTF8.GetString(header.GetValueBytes());
    }

    private KeyValuePair<string, Finding> ToFinding(Windowed<string> windowed, ErrorBurstWindow window)
    {
        var finding = burstDetector.ToFinding(windowed.Key, DateTimeOffset.FromUnixTimeMilliseconds(windowed.Window.StartMs), window);
        PipelineMetrics.Count(ErrorBurstStep, "produced");
        return KeyValuePair.Create(finding.Id, finding);
    }
}
