using Confluent.Kafka;
using FaultMaven.Analysis.Live;
using FaultMaven.Analysis.Templates;
using Streamiz.Kafka.Net.SerDes;

namespace FaultMaven.Pipeline.Tests;

/// <summary>
/// What the live-analysis step keeps in the <see cref="LogPipelineTopology.TemplateMinerStore"/>: each source's miner
/// state as JSON within <see cref="LiveAnalysisOptions.MaxMinerStateBytes"/>, whatever the source sends, and readable
/// from what a worker before the bound stored.
/// </summary>
public sealed class TemplateMinerStoreTests
{
    private static readonly DateTime Start = new(2026, 12, 2, 0, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void A_source_whose_every_line_is_new_has_every_line_templated_and_its_stored_state_within_the_bound()
    {
        var live = new LiveAnalysisOptions { MaxMinerStateBytes = 16 * 1024 };
        using var pipeline = new PipelineDriver(live: live);
        var random = new Random(3);
        var largest = 0;
        for (var record = 0; record < 40; record++)
        {
            var lines = Enumerable.Range(0, 50).Select(_ => string.Join(' ', Enumerable.Range(0, 12).Select(_ => Word(random))));
            pipeline.Send("words", string.Join('\n', lines), Start.AddSeconds(record));
            largest = Math.Max(largest, pipeline.Store(LogPipelineTopology.TemplateMinerStore).Get("words")?.Length ?? 0);
        }

        var events = pipeline.ReadNormalized();
        Assert.Equal(2_000, events.Count);
        Assert.All(events, e => Assert.NotNull(e.TemplateId));
        Assert.Equal(2_000, events.Select(e => e.TemplateId).Distinct().Count());
        Assert.Empty(pipeline.ReadDeadLetters());
        Assert.InRange(largest, live.MaxMinerStateBytes / 2, live.MaxMinerStateBytes);
    }

    [Fact]
    public void A_miner_state_stored_before_the_bound_is_restored_with_its_template_ids()
    {
        var miner = new TemplateMiner();
        var served = miner.Add("request 1 served in 4 ms").TemplateId;
        miner.Add("cache warmed");
        // What the store's serde, Streamiz's JsonSerDes (Newtonsoft.Json), wrote until the state was bounded.
        var stored = new JsonSerDes<TemplateMinerSnapshot>().Serialize(miner.Snapshot(), new SerializationContext(MessageComponentType.Value, "changelog"));
        using var pipeline = new PipelineDriver();
        // A record of another source first gives the driver the record context a store write needs.
        pipeline.Send("other", "2026-12-02T00:00:00Z INFO another source", Start);
        pipeline.Store(LogPipelineTopology.TemplateMinerStore).Put("api", stored);

        pipeline.Send("api", "2026-12-02T00:00:00Z INFO request 2 served in 9 ms", Start);
        pipeline.Send("api", "2026-12-02T00:00:01Z INFO a message never seen", Start.AddSeconds(1));

        var events = pipeline.ReadNormalized().Where(e => e.Source == "api").ToList();
        Assert.Equal(served, events[0].TemplateId);
        Assert.True(events[1].TemplateId > served + 1);
    }

    private static string Word(Random random) => new([.. Enumerable.Range(0, random.Next(3, 10)).Select(_ => (char)('a' + random.Next(26)))]);
}
