using FaultMaven.Analysis.Incidents;
using FaultMaven.Contracts;
using FaultMaven.Storage;
using FaultMaven.Testing.Postgres;

namespace FaultMaven.Storage.Tests;

public sealed class IncidentRepositoryTests(PostgresFixture postgres) : IClassFixture<PostgresFixture>
{
    private static readonly DateTimeOffset Noon = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);
    private readonly FindingRepository findings = new(postgres.DataSource, TestKeys.Cipher);
    private readonly IncidentRepository incidents = new(postgres.DataSource, new IncidentGrouping(TimeSpan.FromMinutes(15), IncidentOpening.Default), TestKeys.Cipher);

    [Fact]
    public async Task Related_findings_of_one_source_make_one_incident_and_a_later_one_opens_another()
    {
        Finding[] batch = [Finding("grp-1", "grouped", Noon, Severity.Warn), Finding("grp-2", "grouped", Noon.AddMinutes(5), Severity.Fatal), Finding("grp-3", "grouped", Noon.AddHours(2), Severity.Error)];
        await findings.UpsertAsync(batch);

        Assert.Equal(3, await incidents.AttachAsync(batch));

        var page = await incidents.ListAsync(new IncidentQuery { Source = "grouped" });
        Assert.Equal(2, page.Items.Count);
        var first = page.Items.Single(i => i.OpenedAt == Noon);
        Assert.Equal(2, first.FindingCount);
        Assert.Equal(Severity.Fatal, first.Severity);
        Assert.Equal("open", first.Status);
        var grouped = await findings.ListAsync(new FindingQuery { IncidentId = first.Id });
        Assert.Equal(["grp-1", "grp-2"], grouped.Items.Select(f => f.Finding.Id).Order());
    }

    [Fact]
    public async Task Attaching_the_same_findings_again_changes_nothing()
    {
        Finding[] batch = [Finding("replay-1", "replayed", Noon, Severity.Error)];
        await findings.UpsertAsync(batch);
        await incidents.AttachAsync(batch);

        Assert.Equal(0, await incidents.AttachAsync(batch));

        var incident = Assert.Single((await incidents.ListAsync(new IncidentQuery { Source = "replayed" })).Items);
        Assert.Equal(1, incident.FindingCount);
    }

    [Fact]
    public async Task A_resolved_incident_takes_no_new_findings_and_cannot_be_resolved_twice()
    {
        var opening = Finding("res-1", "resolving", Noon, Severity.Error);
        await findings.UpsertAsync([opening]);
        await incidents.AttachAsync([opening]);
        var id = IncidentGrouping.NewIncidentId(opening.Id);

        Assert.True(await incidents.ResolveAsync(id, "restarted the pod", Noon.AddMinutes(3)));
        Assert.False(await incidents.ResolveAsync(id, "again", Noon.AddMinutes(4)));
        var later = Finding("res-2", "resolving", Noon.AddMinutes(5), Severity.Error);
        await findings.UpsertAsync([later]);
        await incidents.AttachAsync([later]);

        var resolved = await incidents.GetAsync(id);
        Assert.Equal("resolved", resolved!.Status);
        Assert.Equal("restarted the pod", resolved.Resolution);
        Assert.Equal(2, (await incidents.ListAsync(new IncidentQuery { Source = "resolving" })).Items.Count);
    }

    [Fact]
    public async Task An_incident_that_gains_findings_is_embedded_again_only_once_its_embedding_is_older_than_the_refresh_point()
    {
        const int Everything = 100_000;
        var opening = Finding("refresh-1", "refreshing", Noon, Severity.Error);
        await findings.UpsertAsync([opening]);
        await incidents.AttachAsync([opening]);
        var id = IncidentGrouping.NewIncidentId(opening.Id);
        Assert.Contains(id, await incidents.ListUnindexedAsync(Everything, refreshBefore: Noon.AddYears(-1)));

        var embeddedAt = Noon.AddMinutes(1);
        await incidents.MarkIndexedAsync((await incidents.GetAsync(id))!, embeddedAt);
        Assert.DoesNotContain(id, await incidents.ListUnindexedAsync(Everything, refreshBefore: Noon.AddYears(1)));

        var later = Finding("refresh-2", "refreshing", Noon.AddMinutes(5), Severity.Error);
        await findings.UpsertAsync([later]);
        await incidents.AttachAsync([later]);
        Assert.DoesNotContain(id, await incidents.ListUnindexedAsync(Everything, refreshBefore: embeddedAt));
        Assert.Contains(id, await incidents.ListUnindexedAsync(Everything, refreshBefore: embeddedAt.AddTicks(TimeSpan.TicksPerMicrosecond)));

        Assert.True(await incidents.ResolveAsync(id, "rotated the key", Noon.AddMinutes(6)));
        Assert.Contains(id, await incidents.ListUnindexedAsync(Everything, refreshBefore: Noon.AddYears(-1)));
    }

    private static Finding Finding(string id, string source, DateTimeOffset start, Severity severity) =>
        new(id, "error-burst", severity, source, "svc", start, start.AddMinutes(1), $"{id} errors", 5, null, 1, null, [], ["boom"], []);
}
