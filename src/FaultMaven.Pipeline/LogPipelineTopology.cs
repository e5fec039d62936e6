using System.Text;
using FaultMaven.Analysis.Detection;
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
/// logs.raw → normalize → logs.normalized (or logs.deadletter), and the normalized errors → error-burst windows → findings.
/// </summary>
public sealed class LogPipelineTopology(ContractSerDes serdes, LogNormalizer normalizer, ErrorBurstDetector burstDetector, LiveAnalysisOptions liveAnalysis, ILogger logger)
{
    public const string SourceHeader = "source";
    public const string UnknownSource = "unknown";
    public const string NormalizeStep = "normalize";
    public const string ErrorBurstStep = "error-burst";
    public const string ErrorBurstStore = "error-burst-store";
    public const string LiveAnalysisStep = "live-analysis";
    public const string TemplateMinerStore = "template-miner-store";

    private readonly OffsetGapTracker rawGaps = new();

    /// <summary>The shape of the topology (processors, stores, internal topics), independent of configuration values.</summary>
    public static ITopologyDescription Describe() =>
        new LogPipelineTopology(
                new ContractSerDes(new LocalSchemaRegistryClient()),
                new LogNormalizer(),
                new ErrorBurstDetector(new ErrorBurstOptions()),
                new LiveAnalysisOptions(),
                Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance)
            .Build()
            .Describe();

    public Topology Build()
    {
        var builder = new StreamBuilder();
        var outcomes = builder
            .Stream(Topics.Raw, new StringSerDes(), new ByteArraySerDes(), "logs-raw")
            .FlatMap((key, value, context) => Normalize(key, value, context), NormalizeStep);

        var routed = outcomes.Branch("route", (_, outcome, _) => outcome.Event is not null, (_, _, _) => true);
        routed[1].MapValues((outcome, _) => outcome.DeadLetter!, "dead-letters")
            .To(Topics.DeadLetter, new StringSerDes(), serdes.DeadLetter, "to-logs-deadletter");

        var analyzed = routed[0]
            .MapValues((outcome, _) => outcome.Event!, "events")
            .Transform(
                TransformerBuilder.New<string, LogEvent, string, LiveOutcome>()
                    .Transformer<LiveAnalysisTransformer>(liveAnalysis)
                    .StateStore(Stores.KeyValueStoreBuilder(Stores.InMemoryKeyValueStore(TemplateMinerStore), new StringSerDes(), new JsonSerDes<TemplateMinerSnapshot>()))
                    .Build(),
                LiveAnalysisStep)
            .Branch("route-live", (_, outcome, _) => outcome.Event is not null, (_, _, _) => true);
        var events = analyzed[0].MapValues((outcome, _) => outcome.Event!, "templated-events");
        events.To(Topics.Normalized, new StringSerDes(), serdes.LogEvent, "to-logs-normalized");
        analyzed[1].MapValues((outcome, _) => outcome.Finding!, "live-findings")
            .To(Topics.Findings, new StringSerDes(), serdes.Finding, "live-findings-to-findings");

        events
            .Filter((_, logEvent, _) => ErrorBurstDetector.IsError(logEvent), "errors")
            .Map((_, logEvent, _) => KeyValuePair.Create(logEvent.Source, ErrorSample.From(logEvent)), "errors-by-source")
            .GroupByKey<StringSerDes, JsonSerDes<ErrorSample>>(ErrorBurstStep)
            .WindowedBy(TumblingWindowOptions.Of(burstDetector.Options.Window))
            .Aggregate(
                () => ErrorBurstWindow.Empty,
                (_, sample, window) => burstDetector.Add(window, sample),
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

    private KeyValuePair<string, Finding> ToFinding(Windowed<string> windowed, ErrorBurstWindow window)
    {
        var finding = burstDetector.ToFinding(windowed.Key, DateTimeOffset.FromUnixTimeMilliseconds(windowed.Window.StartMs), window);
        PipelineMetrics.Count(ErrorBurstStep, "produced");
        return KeyValuePair.Create(finding.Id, finding);
    }

    /// <summary>Every outcome is keyed by its source, also when the raw record had only a source header.</summary>
    private IEnumerable<KeyValuePair<string, NormalizeOutcome>> Normalize(string? key, byte[] value, IRecordContext context)
    {
        PipelineMetrics.Count(NormalizeStep, "consumed");
        ReportGap(context);
        var source = SourceOf(key, context);
        var origin = new RawOffset(context.Topic, context.Partition, context.Offset);
        var received = DateTimeOffset.FromUnixTimeMilliseconds(context.Timestamp);
        NormalizationResult result;
        try
        {
            result = normalizer.Normalize(new RawRecord(source, value ?? [], origin, received));
        }
        catch (Exception exception)
        {
            logger.LogError(exception, "Normalizing {Origin} from {Source} failed; dead-lettering the record", origin, source);
            PipelineMetrics.Count(NormalizeStep, "failed");
            result = new NormalizationResult([], [new DeadLetter($"normalizer failed: {exception.Message}", NormalizeStep, source, origin, value ?? [], received)]);
        }

        PipelineMetrics.Count(NormalizeStep, "produced", result.Events.Count);
        PipelineMetrics.Count(NormalizeStep, "deadlettered", result.DeadLetters.Count);
        return result.Events.Select(e => KeyValuePair.Create(source, new NormalizeOutcome(e, null)))
            .Concat(result.DeadLetters.Select(d => KeyValuePair.Create(source, new NormalizeOutcome(null, d))));
    }

    private void ReportGap(IRecordContext context)
    {
        var skipped = rawGaps.Observe(context.Topic, context.Partition, context.Offset);
        if (skipped > 0)
        {
            PipelineMetrics.OffsetGaps.WithLabels(context.Topic).Inc(skipped);
            logger.LogWarning("{Skipped} records missing before offset {Offset} of {Topic}/{Partition}: the broker dropped them before they were processed", skipped, context.Offset, context.Topic, context.Partition);
        }
    }

    private static string SourceOf(string? key, IRecordContext context)
    {
        if (!string.IsNullOrWhiteSpace(key))
        {
            return key;
        }

        var header = context.Headers?.FirstOrDefault(h => h.Key == SourceHeader);
        return header is null ? UnknownSource : Encoding.UTF8.GetString(header.GetValueBytes());
    }

    private sealed record NormalizeOutcome(LogEvent? Event, DeadLetter? DeadLetter);
}
