using FaultMaven.Analysis.Incidents;
using FaultMaven.Contracts;
using FaultMaven.Storage;
using FaultMaven.Testing.Postgres;

namespace FaultMaven.Storage.Tests;

public sealed class FindingFilerTests(PostgresFixture postgres) : IClassFixture<PostgresFixture>
{
    private readonly FindingRepository findings = new(postgres.DataSource, TestKeys.Cipher);
    private readonly IncidentRepository incidents = new(postgres.DataSource, new IncidentGrouping(TimeSpan.FromMinutes(15)), TestKeys.Cipher);

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
    public async Task Filing_nothing_stores_nothing()
    {
        Assert.Empty(await Filer.FileAsync([]));
    }

    private static string IdOf(string name, string source) => $"{source}-{name}";

    private static Finding At(string name, string source, int minutesAfterNoon, long count) =>
        Samples.Finding(IdOf(name, source), source, count) with
        {
            WindowStart = Samples.Noon.AddMinutes(minutesAfterNoon),
            WindowEnd = Samples.Noon.AddMinutes(minutesAfterNoon + 1),
        };
}
