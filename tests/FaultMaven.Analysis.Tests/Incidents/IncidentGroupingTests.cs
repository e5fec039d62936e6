using FaultMaven.Analysis.Incidents;
using FaultMaven.Contracts;

namespace FaultMaven.Analysis.Tests.Incidents;

public class IncidentGroupingTests
{
    private static readonly DateTimeOffset Noon = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);
    private readonly IncidentGrouping grouping = new(TimeSpan.FromMinutes(15), IncidentOpening.Default);

    [Fact]
    public void A_finding_with_no_open_incident_of_its_source_opens_one_named_after_it()
    {
        var finding = Finding("f1", "orders", Noon);

        var assignment = grouping.Assign(finding, [new OpenIncident("inc-other", "billing", Noon)], grouping.Opening);

        Assert.True(assignment?.IsNew);
        Assert.Equal(IncidentGrouping.NewIncidentId(finding.Id), assignment?.IncidentId);
    }

    [Fact]
    public void A_finding_within_the_quiet_period_joins_the_open_incident_of_its_source()
    {
        var assignment = grouping.Assign(Finding("f2", "orders", Noon.AddMinutes(10)), [new OpenIncident("inc-1", "orders", Noon)], grouping.Opening);

        Assert.Equal(new IncidentAssignment("inc-1", IsNew: false), assignment);
    }

    [Fact]
    public void A_finding_after_the_quiet_period_opens_a_new_incident()
    {
        var assignment = grouping.Assign(Finding("f3", "orders", Noon.AddMinutes(16)), [new OpenIncident("inc-1", "orders", Noon)], grouping.Opening);

        Assert.True(assignment?.IsNew);
    }

    [Fact]
    public void The_most_recently_active_incident_wins()
    {
        var assignment = grouping.Assign(
            Finding("f4", "orders", Noon.AddMinutes(5)),
            [new OpenIncident("inc-old", "orders", Noon.AddMinutes(-5)), new OpenIncident("inc-new", "orders", Noon)], grouping.Opening);

        Assert.Equal("inc-new", assignment?.IncidentId);
    }

    [Fact]
    public void A_finding_the_opening_rule_refuses_opens_nothing_but_still_joins_an_open_incident_of_its_source()
    {
        var volume = Finding("f7", "orders", Noon.AddMinutes(5)) with { Kind = "rate-change", Severity = Severity.Info };

        Assert.Null(grouping.Assign(volume, [new OpenIncident("inc-other", "billing", Noon)], grouping.Opening));
        Assert.Null(grouping.Assign(volume, [new OpenIncident("inc-quiet", "orders", Noon.AddMinutes(-11))], grouping.Opening));
        Assert.Equal(new IncidentAssignment("inc-1", IsNew: false), grouping.Assign(volume, [new OpenIncident("inc-1", "orders", Noon)], grouping.Opening));
        Assert.True(grouping.Assign(volume, [], IncidentOpening.Every)?.IsNew);
    }

    [Fact]
    public void The_new_incident_id_is_the_same_on_replay()
    {
        Assert.Equal(IncidentGrouping.NewIncidentId("f5"), IncidentGrouping.NewIncidentId("f5"));
        Assert.NotEqual(IncidentGrouping.NewIncidentId("f5"), IncidentGrouping.NewIncidentId("f6"));
    }

    [Fact]
    public void The_headline_is_the_most_severe_finding_whatever_came_first()
    {
        var warning = Finding("warn", "orders", Noon) with { Severity = Severity.Warn, Count = 40, Title = "slow response from <*>" };
        var burst = Finding("burst", "orders", Noon.AddMinutes(3)) with { Severity = Severity.Error, Count = 11, Title = "connection refused to <*>" };

        Assert.Equal("burst", IncidentGrouping.Headline([warning, burst]).Id);
        Assert.Equal("burst", IncidentGrouping.Headline([burst, warning]).Id);
        Assert.Equal("orders: connection refused to <*>", IncidentGrouping.TitleOf(IncidentGrouping.Headline([warning, burst])));
    }

    [Fact]
    public void Among_equally_severe_findings_the_headline_has_more_lines_then_starts_earlier_then_has_the_smaller_id()
    {
        var early = Finding("b-early", "orders", Noon);
        var late = Finding("a-late", "orders", Noon.AddMinutes(1));
        var larger = Finding("c-larger", "orders", Noon.AddMinutes(2)) with { Count = 6 };
        var twin = Finding("a-twin", "orders", Noon);

        Assert.Equal("c-larger", IncidentGrouping.Headline([early, late, larger]).Id);
        Assert.Equal("b-early", IncidentGrouping.Headline([late, early]).Id);
        Assert.Equal("a-twin", IncidentGrouping.Headline([early, twin]).Id);
        Assert.Equal("a-twin", IncidentGrouping.Headline([twin, early]).Id);
    }

    private static Finding Finding(string id, string source, DateTimeOffset start) =>
        new(id, "error-burst", Severity.Error, source, null, start, start.AddMinutes(1), "errors", 5, null, 1, null, [], [], []);
}
