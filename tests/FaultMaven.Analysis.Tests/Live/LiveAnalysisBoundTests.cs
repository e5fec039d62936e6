using FaultMaven.Analysis.Live;
using FaultMaven.Analysis.Templates;
using FaultMaven.Contracts;

namespace FaultMaven.Analysis.Tests.Live;

/// <summary>
/// Each source's live miner is bounded in templates and in the bytes of its stored state, so that a source whose every
/// line is new keeps being mined and its state always fits one Kafka record; template ids are never issued twice.
/// </summary>
public sealed class LiveAnalysisBoundTests
{
    private static readonly DateTimeOffset Start = new(2026, 12, 2, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_source_whose_every_line_is_new_keeps_its_stored_state_within_the_bound_and_never_reissues_an_id()
    {
        var options = new LiveAnalysisOptions { MaxMinerStateBytes = LiveAnalysisOptions.MinMinerStateBytes * 4 };
        var analysis = new LiveAnalysis(options);
        var random = new Random(7);
        var issued = new HashSet<int>();
        var saved = new List<MinerState>();
        var lastId = 0;
        for (var batch = 0; batch < 40; batch++)
        {
            for (var line = 0; line < 50; line++)
            {
                var id = analysis.Analyze(Event("words", RandomWords(random))).Event.TemplateId;
                Assert.True(id > lastId || issued.Contains(id), $"template id {id} issued again after {lastId}");
                issued.Add(id);
                lastId = Math.Max(lastId, id);
            }

            saved.AddRange(analysis.TakeStatesWithNewTemplates());
        }

        Assert.All(saved, state => Assert.InRange(state.Json.Length, 1, options.MaxMinerStateBytes));
        Assert.Contains(saved, state => state.Retired > 0);
        Assert.Equal(2_000, issued.Count);
        var restored = new LiveAnalysis(options);
        restored.Restore("words", saved[^1].Json);
        Assert.True(restored.Analyze(Event("words", "a line unlike any before it")).Event.TemplateId > lastId);
    }

    [Fact]
    public void A_giant_line_is_mined_then_retired_first_and_the_ordinary_templates_keep_their_ids()
    {
        var options = new LiveAnalysisOptions { MaxMinerStateBytes = LiveAnalysisOptions.MinMinerStateBytes };
        var analysis = new LiveAnalysis(options);
        var ordinary = analysis.Analyze(Event("giant", "an ordinary line")).Event.TemplateId;
        var giant = string.Join(' ', Enumerable.Range(0, 2_000).Select(i => $"word{(char)('a' + (i % 26))}x"));

        var (templated, _) = analysis.Analyze(Event("giant", giant));

        var state = Assert.Single(analysis.TakeStatesWithNewTemplates());
        Assert.InRange(state.Json.Length, 1, options.MaxMinerStateBytes);
        Assert.Equal((1, 1), (state.Retired, state.Templates));
        Assert.Equal(giant, templated.Template);
        Assert.Equal(ordinary, analysis.Analyze(Event("giant", "an ordinary line")).Event.TemplateId);
        Assert.True(analysis.Analyze(Event("giant", giant)).Event.TemplateId > templated.TemplateId);
    }

    [Fact]
    public void A_miner_holds_at_most_its_templates_per_source()
    {
        var analysis = new LiveAnalysis(new LiveAnalysisOptions { MaxTemplatesPerSource = 10 });
        var random = new Random(11);
        for (var line = 0; line < 100; line++)
        {
            analysis.Analyze(Event("words", RandomWords(random)));
        }

        var state = Assert.Single(analysis.TakeChangedStates());
        Assert.Equal(10, state.Templates);
        Assert.Equal(10, TemplateMinerSnapshot.FromUtf8Json(state.Json).Templates.Count);
    }

    [Theory]
    [InlineData(nameof(LiveAnalysisOptions.MaxMinerStateBytes), 0)]
    [InlineData(nameof(LiveAnalysisOptions.MaxMinerStateBytes), LiveAnalysisOptions.MinMinerStateBytes - 1)]
    [InlineData(nameof(LiveAnalysisOptions.MaxMinerStateBytes), LiveAnalysisOptions.MaxMinerStateBytesLimit + 1)]
    [InlineData(nameof(LiveAnalysisOptions.MaxTemplatesPerSource), 0)]
    public void A_bound_out_of_range_is_refused_naming_its_key(string key, int value)
    {
        var options = key == nameof(LiveAnalysisOptions.MaxMinerStateBytes)
            ? new LiveAnalysisOptions { MaxMinerStateBytes = value }
            : new LiveAnalysisOptions { MaxTemplatesPerSource = value };

        var failure = Assert.Single(options.Validate("FaultMaven:Detection:Live"));

        Assert.StartsWith($"FaultMaven:Detection:Live:{key} must be", failure, StringComparison.Ordinal);
    }

    private static LogEvent Event(string source, string message) =>
        new(Start, source, null, null, Severity.Info, message, new Dictionary<string, string>(), new RawOffset("logs.raw", 0, 0));

    /// <summary>Twelve random words of three to nine letters, as the trial's words.log: no two lines share a template.</summary>
    private static string RandomWords(Random random) =>
        string.Join(' ', Enumerable.Range(0, 12).Select(_ => new string([.. Enumerable.Range(0, random.Next(3, 10)).Select(_ => (char)('a' + random.Next(26)))])));
}
