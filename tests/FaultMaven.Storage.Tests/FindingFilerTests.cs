using FaultMaven.Analysis.Incidents;
using FaultMaven.Contracts;
using FaultMaven.Storage;
using FaultMaven.Testing.Postgres;

namespace FaultMaven.Storage.Tests;

public sealed class FindingFilerTests(PostgresFixture postgres) : IClassFixture<PostgresFixture>
{
    private readonly FindingRepository findings = new(postgres.DataSource, TestKeys.Cipher);
    private readonly IncidentRepository incidents = new(postgres.DataSource, new IncidentGrouping(TimeSpan.FromMinutes(15), IncidentOpening.Default), TestKeys.Cipher);

    private FindingFiler Filer => new(findings, incidents);

    [Fact]
    public async Task Filing_stores_the_findings_and_names_the_incident_each_one_joined()
    {
        var source = Samples.UniqueName("filed");
        Finding[] batch = [At("a", source, 0, 5), At("b", source, 5, 5), At("c", source, 120, 5)];

        var filed = await Filer.FileAsync(batch);

        Assert.Equal(batch.Select(f => f.Id).Order(), filed.Keys.Order());
        var (a, b, c) = (filed[batch[0].Id], filed[batch[1].Id], filed[batch[2].Id]);
        Assert.Equal(a, b);
        Assert.NotEqual(a, c);
        foreach (var finding in batch)
        {
            var stored = await findings.GetAsync(finding.Id);
            Assert.Equal(filed[finding.Id], stored?.IncidentId);
        }

        var opened = (await incidents.ListAsync(new IncidentQuery { Source = source })).Items;
        Assert.Equal([(a, 2), (c, 1)], opened.Select(i => (i.Id, i.FindingCount)).OrderByDescending(i => i.FindingCount));
    }

    [Fact]
    public async Task Filing_a_replayed_or_grown_finding_keeps_its_incident_and_counts_it_once()
    {
        var source = Samples.UniqueName("refiled");
        var first = await Filer.FileAsync([At("x", source, 0, 5)]);

        var replayed = await Filer.FileAsync([At("x", source, 0, 5)]);
        var grown = await Filer.FileAsync([At("x", source, 0, 9)]);

        Assert.Equal(first, replayed);
        Assert.Equal(first, grown);
        Assert.Equal(9, (await findings.GetAsync(IdOf("x", source)))?.Finding.Count);
        var incident = Assert.Single((await incidents.ListAsync(new IncidentQuery { Source = source })).Items);
        Assert.Equal((first.Values.Single(), 1), (incident.Id, incident.FindingCount));
    }

    [Fact]
    public async Task An_incident_a_warning_opened_is_retitled_when_an_error_burst_joins_later_and_a_lesser_finding_changes_nothing()
    {
        var source = Samples.UniqueName("titled");
        var warning = Warning("slow", source, 0, count: 40, "upstream slow to answer <*>");
        var incident = (await Filer.FileAsync([warning]))[warning.Id];
        var opened = await TitleAsync(incident);

        await Filer.FileAsync([At("refused", source, 2, 11) with { Title = "connect ECONNREFUSED <*>" }]);
        var afterBurst = await TitleAsync(incident);
        await Filer.FileAsync([Warning("retry", source, 4, count: 500, "retrying request <*>"), At("smaller", source, 5, 3) with { Title = "timeout <*>" }]);
        await Filer.FileAsync([warning]);
        var afterLesser = await TitleAsync(incident);

        Assert.Equal($"{source}: upstream slow to answer <*>", opened);
        Assert.Equal($"{source}: connect ECONNREFUSED <*>", afterBurst);
        Assert.Equal(afterBurst, afterLesser);
    }

    [Fact]
    public async Task A_batch_whose_warning_comes_before_its_error_burst_opens_an_incident_titled_after_the_burst()
    {
        var source = Samples.UniqueName("burst-titled");
        var warning = Warning("slow", source, 0, count: 4, "upstream slow to answer <*>");

        var filed = await Filer.FileAsync([At("refused", source, 1, 11) with { Title = "connect ECONNREFUSED <*>" }, warning]);

        var incident = Assert.Single(filed.Values.Distinct());
        Assert.Equal(IncidentGrouping.NewIncidentId(warning.Id), incident);
        Assert.Equal($"{source}: connect ECONNREFUSED <*>", await TitleAsync(incident));
    }

    [Fact]
    public async Task Among_error_bursts_the_one_with_more_lines_names_the_incident_even_when_it_grows_past_the_other_later()
    {
        var source = Samples.UniqueName("grown-titled");
        var incident = (await Filer.FileAsync([At("first", source, 0, 5) with { Title = "disk full <*>" }, At("second", source, 1, 4) with { Title = "connect ECONNREFUSED <*>" }])).Values.First();
        var before = await TitleAsync(incident);

        await Filer.FileAsync([At("second", source, 1, 12) with { Title = "connect ECONNREFUSED <*>" }]);

        Assert.Equal($"{source}: disk full <*>", before);
        Assert.Equal($"{source}: connect ECONNREFUSED <*>", await TitleAsync(incident));
    }

    [Fact]
    public async Task Findings_filed_into_a_named_incident_retitle_it_by_the_same_rule()
    {
        var source = Samples.UniqueName("alert-titled");
        var alert = Warning("alert", source, 0, count: 1, "Alert CheckoutSlow");
        var incident = (await Filer.FileAsync([alert]))[alert.Id];

        // Another source's burst: grouping would never put it here, filing it into the incident does.
        var attached = await Filer.FileIntoAsync(incident, [At("refused", Samples.UniqueName("elsewhere"), 1, 11) with { Title = "connect ECONNREFUSED <*>" }]);

        Assert.Equal(1, attached);
        Assert.EndsWith(": connect ECONNREFUSED <*>", await TitleAsync(incident), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_info_finding_alone_is_stored_in_no_incident_an_error_of_its_source_opens_one_and_a_later_info_finding_joins_it()
    {
        var source = Samples.UniqueName("info-first");
        var rise = Info("rise", source, 0, "Log volume of <*> rose to 180 per 00:05:00 (baseline 12)");

        var alone = await Filer.FileAsync([rise]);
        var storedAlone = await findings.GetAsync(rise.Id);
        var listed = (await findings.ListAsync(new FindingQuery { Source = source })).Items;
        var noIncident = (await incidents.ListAsync(new IncidentQuery { Source = source })).Items;
        var error = At("refused", source, 2, 11) with { Title = "connect ECONNREFUSED <*>" };
        var opened = await Filer.FileAsync([error]);
        var later = Info("later", source, 5, "Log volume of <*> rose to 200 per 00:05:00 (baseline 12)");
        var joined = await Filer.FileAsync([later]);

        Assert.Empty(alone);
        Assert.NotNull(storedAlone);
        Assert.Null(storedAlone.IncidentId);
        Assert.Equal((rise.Kind, Severity.Info, rise.Title), (storedAlone.Finding.Kind, storedAlone.Finding.Severity, storedAlone.Finding.Title));
        Assert.Equal([rise.Id], listed.Select(stored => stored.Finding.Id));
        Assert.Empty(noIncident);
        Assert.Equal(IncidentGrouping.NewIncidentId(error.Id), opened[error.Id]);
        Assert.Equal(opened[error.Id], joined[later.Id]);
        Assert.Null((await findings.GetAsync(rise.Id))?.IncidentId);
        var incident = Assert.Single((await incidents.ListAsync(new IncidentQuery { Source = source })).Items);
        Assert.Equal((2, Severity.Error, $"{source}: connect ECONNREFUSED <*>"), (incident.FindingCount, incident.Severity, incident.Title));
    }

    [Fact]
    public async Task Findings_filed_with_every_finding_allowed_to_open_an_incident_open_one_though_they_are_info()
    {
        var source = Samples.UniqueName("stored-as-incident");
        var rise = Info("rise", source, 0, "Log volume of <*> rose to 180 per 00:05:00 (baseline 12)");

        var filed = await Filer.FileAsync([rise], IncidentOpening.Every);

        Assert.Equal(IncidentGrouping.NewIncidentId(rise.Id), filed[rise.Id]);
        Assert.Equal(filed[rise.Id], (await findings.GetAsync(rise.Id))?.IncidentId);
    }

    [Fact]
    public async Task Filing_nothing_stores_nothing()
    {
        Assert.Empty(await Filer.FileAsync([]));
    }

    private static string IdOf(string name, string source) => $"{source}-{name}";

    private async Task<string?> TitleAsync(string incidentId) => (await incidents.GetAsync(incidentId))?.Title;

    private static Finding Warning(string name, string source, int minutesAfterNoon, long count, string title) =>
        At(name, source, minutesAfterNoon, count) with { Kind = "rate-change", Severity = Severity.Warn, Title = title };

    private static Finding Info(string name, string source, int minutesAfterNoon, string title) =>
        At(name, source, minutesAfterNoon, count: 180) with { Kind = "rate-change", Severity = Severity.Info, Title = title };

    private static Finding At(string name, string source, int minutesAfterNoon, long count) =>
        Samples.Finding(IdOf(name, source), source, count) with
        {
            WindowStart = Samples.Noon.AddMinutes(minutesAfterNoon),
            WindowEnd = Samples.Noon.AddMinutes(minutesAfterNoon + 1),
        };
}
