using System.Text.Json;
using FaultMaven.Analysis.Anomaly;
using FaultMaven.Analysis.Anomaly.Streaming;
using FaultMaven.Contracts;

namespace FaultMaven.Analysis.Tests.Anomaly;

/// <summary>
/// A draft named by a lookup after the events passed is the finding the detector makes when every event carries the
/// lookup's text from the start (what an offline analysis did by mining everything first); named with no lookup, it is
/// the live finding.
/// </summary>
public sealed class FindingDraftTests
{
    /// <summary>The final texts: template 2 sorts before template 1, unlike the texts the events carry.</summary>
    private static readonly Dictionary<int, string> Final = new() { [1] = "zeta <*> evicted", [2] = "alpha <*> evicted", [100] = "served <*>" };

    public static TheoryData<string> Detectors() => ["new-template", "rare-template-burst", "auth-failure-burst"];

    [Theory]
    [MemberData(nameof(Detectors))]
    public void A_draft_named_after_the_events_passed_is_the_finding_made_with_those_names_from_the_start(string kind)
    {
        var events = Stream(kind);
        var end = events[^1].Event.Timestamp + TimeSpan.FromMinutes(10);
        var named = Create(kind);
        var drafts = events.SelectMany(named.Draft).ToList();
        drafts.AddRange(named.DraftUntil(end));
        var carried = Create(kind);

        var expected = events.Select(templated => templated with { Template = Final.GetValueOrDefault(templated.TemplateId, templated.Template) })
            .SelectMany(carried.Observe).ToList();
        expected.AddRange(carried.AdvanceTo(end));

        Assert.NotEmpty(expected);
        Assert.Equal(JsonSerializer.Serialize(expected), JsonSerializer.Serialize(drafts.Select(draft => draft(id => Final.GetValueOrDefault(id)))));
    }

    [Theory]
    [MemberData(nameof(Detectors))]
    public void A_draft_named_with_no_lookup_is_the_live_finding(string kind)
    {
        var events = Stream(kind);
        var drafting = Create(kind);
        var live = Create(kind);

        var drafts = events.SelectMany(drafting.Draft).ToList();

        Assert.Equal(JsonSerializer.Serialize(events.SelectMany(live.Observe).ToList()), JsonSerializer.Serialize(drafts.Select(draft => draft(null))));
    }

    private static IDraftingDetector Create(string kind) => kind switch
    {
        "new-template" => new NewTemplateDetector(new NewTemplateOptions(TimeSpan.MaxValue, Severity.Error)),
        "rare-template-burst" => new RareTemplateBurstDetector(new RareTemplateBurstOptions(TimeSpan.FromMinutes(1))),
        _ => new AuthFailureBurstDetector(new AuthFailureBurstOptions(TimeSpan.FromMinutes(5))),
    };

    /// <summary>1,200 routine events over 20 minutes, then five each of three templates within one minute, as errors
    /// that are failed logins; template 3 is unknown to the lookup and keeps its carried text.</summary>
    private static List<TemplatedEvent> Stream(string kind) =>
    [
        .. Enumerable.Range(0, 1200).Select(i => SyntheticEvents.At(TimeSpan.FromSeconds(i), 100)),
        .. Enumerable.Range(0, 15).Select(i => SyntheticEvents.At(
            TimeSpan.FromSeconds(1210 + i), (i % 3) + 1, Severity.Error, message: $"Failed password for root from 10.0.0.{kind.Length} port {i} ssh2")),
    ];
}
