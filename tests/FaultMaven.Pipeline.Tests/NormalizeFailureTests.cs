using System.Text;
using FaultMaven.Analysis.Normalization;
using FaultMaven.Contracts;
using FaultMaven.Pipeline.Serialization;
using Microsoft.Extensions.Logging.Abstractions;
using Streamiz.Kafka.Net;
using Streamiz.Kafka.Net.Mock;
using Streamiz.Kafka.Net.Processors.Public;
using Streamiz.Kafka.Net.SerDes;
using Streamiz.Kafka.Net.State;
using Streamiz.Kafka.Net.Stream;

namespace FaultMaven.Pipeline.Tests;

/// <summary>
/// A record whose processing fails in a step after normalize (which all run inside the normalize step's Forward) ends as
/// a dead letter with the reason, and the source's next records are processed. The topology here is the real normalize
/// step with its store, followed, as in <see cref="LogPipelineTopology"/>, by its dead letters' sink and then by a step
/// that fails on one line: the stand-in for any later step's failure (a changelog write the broker refuses, a
/// serializer, a detector).
/// </summary>
public sealed class NormalizeFailureTests
{
    private static readonly DateTime Start = new(2026, 12, 2, 0, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void A_record_that_fails_in_a_later_step_is_dead_lettered_with_the_reason_and_the_sources_next_records_are_stored()
    {
        var serdes = new ContractSerDes(new LocalSchemaRegistryClient());
        using var driver = new TopologyTestDriver(FailingOnBoom(serdes), new StreamConfig { ApplicationId = "normalize-failure-test", BootstrapServers = "driver" });
        var raw = driver.CreateInputTopic<string, byte[], StringSerDes, ByteArraySerDes>(Topics.Raw);
        var stored = driver.CreateOutputTopic<string, string, StringSerDes, StringSerDes>(Topics.Normalized);
        var deadLetters = driver.CreateOutputTopic(Topics.DeadLetter, TimeSpan.FromSeconds(1), new StringSerDes(), serdes.DeadLetter);

        raw.PipeInput("app", Encoding.UTF8.GetBytes("2026-12-02T00:00:00Z INFO first record"), Start);
        raw.PipeInput("app", Encoding.UTF8.GetBytes("2026-12-02T00:00:01Z INFO boom\n2026-12-02T00:00:02Z INFO after the boom"), Start.AddSeconds(1));
        raw.PipeInput("app", Encoding.UTF8.GetBytes("2026-12-02T00:00:03Z INFO third record"), Start.AddSeconds(3));
        for (var tick = 0; tick < 5; tick++)
        {
            driver.AdvanceWallClockTime(NormalizeTransformer.FlushInterval);
        }

        var deadLetter = Assert.Single(deadLetters.ReadValueList());
        Assert.Equal("a step after normalize failed: a later step failed on 'boom'", deadLetter.Reason);
        Assert.Equal(LogPipelineTopology.NormalizeStep, deadLetter.Step);
        Assert.Equal("app", deadLetter.Source);
        Assert.Equal(1, deadLetter.Raw.Offset);
        Assert.Contains("after the boom", Encoding.UTF8.GetString(deadLetter.Payload), StringComparison.Ordinal);
        Assert.Equal(["first record", "third record"], stored.ReadValueList());
    }

    /// <summary>Normalize, its dead letters to logs.deadletter, then a step that throws for a batch with the message <c>boom</c> and passes the other messages to logs.normalized.</summary>
    private static Topology FailingOnBoom(ContractSerDes serdes)
    {
        var commits = new CommitCountingStoreSupplier(LogPipelineTopology.CarriedEventStore);
        var builder = new StreamBuilder();
        var outcomes = builder
            .Stream(Topics.Raw, new StringSerDes(), new ByteArraySerDes())
            .Transform(
                TransformerBuilder.New<string, byte[], string, NormalizeOutcome>()
                    .Transformer<NormalizeTransformer>(new LogNormalizer(), commits, NullLogger.Instance)
                    .StateStore(Stores.KeyValueStoreBuilder(commits, new StringSerDes(), new ByteArraySerDes()).WithCachingEnabled())
                    .Build(),
                LogPipelineTopology.NormalizeStep);
        outcomes.FlatMapValues((outcome, _) => outcome.DeadLetters).To(Topics.DeadLetter, new StringSerDes(), serdes.DeadLetter);
        outcomes
            .FlatMapValues((outcome, _) => outcome.Events.Select(e => e.Message == "boom" ? throw new InvalidOperationException("a later step failed on 'boom'") : e.Message).ToList())
            .To(Topics.Normalized, new StringSerDes(), new StringSerDes());
        return builder.Build();
    }
}
