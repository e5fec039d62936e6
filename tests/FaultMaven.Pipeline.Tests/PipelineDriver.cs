using System.Text;
using Confluent.Kafka;
using FaultMaven.Analysis.Detection;
using FaultMaven.Analysis.Filtering;
using FaultMaven.Analysis.Live;
using FaultMaven.Analysis.Normalization;
using FaultMaven.Contracts;
using FaultMaven.Pipeline.Serialization;
using Microsoft.Extensions.Logging.Abstractions;
using Streamiz.Kafka.Net;
using Streamiz.Kafka.Net.Mock;
using Streamiz.Kafka.Net.SerDes;
using Streamiz.Kafka.Net.State;

namespace FaultMaven.Pipeline.Tests;

/// <summary>The log pipeline topology under Streamiz's TopologyTestDriver, with typed input and outputs.</summary>
public sealed class PipelineDriver : IDisposable
{
    private readonly TopologyTestDriver driver;
    private readonly TestInputTopic<string, byte[]> raw;
    private readonly TimeSpan repeatWindow;

    public PipelineDriver(ErrorBurstOptions? burst = null, LiveAnalysisOptions? live = null, FilterOptions? filter = null, NormalizerOptions? normalizer = null)
    {
        Serdes = new ContractSerDes(new LocalSchemaRegistryClient());
        filter ??= new FilterOptions();
        repeatWindow = filter.RepeatWindow;
        var pipeline = new LogPipelineTopology(Serdes, new LogNormalizer(normalizer ?? NormalizerOptions.Default), new LogFilter(filter), filter.CreateRepeatCollapser(), new ErrorBurstDetector(burst ?? new ErrorBurstOptions()), live ?? new LiveAnalysisOptions(), NullLogger.Instance);
        CarriedStores = pipeline.CarriedStores;
        var topology = pipeline.Build();
        var config = new StreamConfig { ApplicationId = "pipeline-test", BootstrapServers = "driver" };
        driver = new TopologyTestDriver(topology, config);
        raw = driver.CreateInputTopic<string, byte[], StringSerDes, ByteArraySerDes>(Topics.Raw);
        Normalized = driver.CreateOutputTopic(Topics.Normalized, TimeSpan.FromSeconds(1), new StringSerDes(), Serdes.LogEventBatch);
        DeadLetters = driver.CreateOutputTopic(Topics.DeadLetter, TimeSpan.FromSeconds(1), new StringSerDes(), Serdes.DeadLetter);
        Findings = driver.CreateOutputTopic(Topics.Findings, TimeSpan.FromSeconds(1), new StringSerDes(), Serdes.Finding);
    }

    public ContractSerDes Serdes { get; }

    /// <summary>The topology's carried-state stores, which a test can make wait for a restoration it announces itself.</summary>
    public CommitCountingStoreSupplier CarriedStores { get; }

    public TestOutputTopic<string, LogEventBatch> Normalized { get; }

    public TestOutputTopic<string, DeadLetter> DeadLetters { get; }

    public TestOutputTopic<string, Finding> Findings { get; }

    public void Send(string? source, string text, DateTime at, Headers? headers = null) =>
        raw.PipeInput(source!, Encoding.UTF8.GetBytes(text), at, headers ?? []);

    /// <summary>
    /// What the pipeline emitted once the stream has gone quiet: the normalizer holds each source's last event until
    /// the next line shows it is complete or the idle flush releases it, and the collapse step then holds it until its
    /// repeat window has passed.
    /// </summary>
    public List<LogEvent> ReadNormalized() => ReadNormalizedBatches().SelectMany(batch => batch.Events).ToList();

    /// <summary>The records of <c>logs.normalized</c> as they were written: one batch per processed raw record.</summary>
    public List<LogEventBatch> ReadNormalizedBatches() => Quiet(Normalized).ReadValueList().ToList();

    public List<KeyValuePair<string, LogEvent>> ReadNormalizedRecords() =>
        Quiet(Normalized).ReadKeyValueList().SelectMany(r => r.Message.Value.Events.Select(e => KeyValuePair.Create(r.Message.Key, e))).ToList();

    public List<DeadLetter> ReadDeadLetters() => Quiet(DeadLetters).ReadValueList().ToList();

    public List<Finding> ReadFindings() => Quiet(Findings).ReadValueList().ToList();

    /// <summary>A state store of the topology, to read what a worker would have saved or to set what a restarted one restores.</summary>
    public IKeyValueStore<string, byte[]> Store(string name) => (IKeyValueStore<string, byte[]>)driver.GetKeyValueStore<string, byte[]>(name);

    /// <summary>Lets wall-clock punctuations run, as time passing in a quiet stream would.</summary>
    public void AdvanceWallClock(TimeSpan by) => driver.AdvanceWallClockTime(by);

    public void Dispose() => driver.Dispose();

    /// <summary>
    /// Moves the wall clock a second at a time, as the punctuations tick, until the normalizer's idle flush has released
    /// each source's last event and the collapse step has held it for its quiet time, then a whole window on.
    /// </summary>
    private TestOutputTopic<string, T> Quiet<T>(TestOutputTopic<string, T> topic)
    {
        for (var second = 0; second < 10; second++)
        {
            AdvanceWallClock(RepeatCollapseTransformer.FlushInterval);
        }

        AdvanceWallClock(repeatWindow + RepeatCollapseTransformer.FlushInterval);
        return topic;
    }
}
