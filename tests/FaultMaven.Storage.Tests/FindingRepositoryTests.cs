using Dapper;
using FaultMaven.Contracts;
using FaultMaven.Testing.Postgres;

namespace FaultMaven.Storage.Tests;

public sealed class FindingRepositoryTests(PostgresFixture postgres) : IClassFixture<PostgresFixture>
{
    private readonly FindingRepository findings = new(postgres.DataSource, TestKeys.Cipher);

    [Fact]
    public async Task A_new_finding_reads_back_as_it_was_written()
    {
        var finding = Samples.Finding(Samples.UniqueName("new"), "api", count: 5, evidenceCount: 3) with { Baseline = null };

        Assert.Equal(1, await findings.UpsertAsync([finding]));

        var stored = await findings.GetAsync(finding.Id);
        Assert.NotNull(stored);
        Assert.Equivalent(finding, stored.Finding, strict: true);
        Assert.Null(stored.IncidentId);
        Assert.Equal(stored.FirstSeen, stored.UpdatedAt);
    }

    [Fact]
    public async Task Replaying_a_finding_changes_nothing()
    {
        var finding = Samples.Finding(Samples.UniqueName("replayed"), "api", count: 5);
        await findings.UpsertAsync([finding]);
        var before = await findings.GetAsync(finding.Id);

        Assert.Equal(0, await findings.UpsertAsync([finding]));

        Assert.Equivalent(before, await findings.GetAsync(finding.Id), strict: true);
        Assert.Equal(1, await CountRowsAsync(finding.Id));
    }

    [Fact]
    public async Task A_larger_count_updates_count_window_end_and_evidence_of_the_same_row()
    {
        var first = Samples.Finding(Samples.UniqueName("growing"), "api", count: 5, evidenceCount: 1);
        var grown = Samples.Finding(first.Id, "api", count: 9, evidenceCount: 4);
        await findings.UpsertAsync([first]);
        var before = await findings.GetAsync(first.Id);

        Assert.Equal(1, await findings.UpsertAsync([grown]));

        var stored = await findings.GetAsync(first.Id);
        Assert.NotNull(stored);
        Assert.Equivalent(grown, stored.Finding, strict: true);
        Assert.Equal(before!.FirstSeen, stored.FirstSeen);
        Assert.True(stored.UpdatedAt > before.UpdatedAt);
        Assert.Equal(1, await CountRowsAsync(first.Id));
    }

    [Fact]
    public async Task An_older_version_with_a_smaller_count_does_not_overwrite_a_newer_one()
    {
        var newer = Samples.Finding(Samples.UniqueName("late-replay"), "api", count: 9);
        await findings.UpsertAsync([newer]);

        Assert.Equal(0, await findings.UpsertAsync([Samples.Finding(newer.Id, "api", count: 5)]));

        Assert.Equal(9, (await findings.GetAsync(newer.Id))!.Finding.Count);
    }

    [Fact]
    public async Task Two_versions_in_one_batch_store_the_one_with_the_larger_count()
    {
        var id = Samples.UniqueName("same-batch");

        Assert.Equal(1, await findings.UpsertAsync([Samples.Finding(id, "api", 3), Samples.Finding(id, "api", 8), Samples.Finding(id, "api", 6)]));

        Assert.Equal(8, (await findings.GetAsync(id))!.Finding.Count);
    }

    [Fact]
    public async Task An_unknown_id_is_not_found()
    {
        Assert.Null(await findings.GetAsync(Samples.UniqueName("missing")));
    }

    [Fact]
    public async Task Listing_filters_by_source_kind_minimum_severity_and_window_end()
    {
        var source = Samples.UniqueName("listed");
        Finding Make(string name, int minutes, string kind, Severity severity) =>
            Samples.Finding($"{source}-{name}", source, count: minutes) with { Kind = kind, Severity = severity };
        var matching = new[] { Make("a", 10, "error-burst", Severity.Error), Make("b", 20, "error-burst", Severity.Fatal) };
        await findings.UpsertAsync([
            .. matching,
            Make("other-kind", 15, "new-template", Severity.Error),
            Make("too-mild", 15, "error-burst", Severity.Warn),
            Make("too-late", 30, "error-burst", Severity.Error),
            Samples.Finding(Samples.UniqueName("other-source"), "elsewhere", count: 15),
        ]);

        var page = await findings.ListAsync(new FindingQuery
        {
            Source = source,
            Kind = "error-burst",
            MinimumSeverity = Severity.Error,
            From = Samples.Noon.AddMinutes(10),
            To = Samples.Noon.AddMinutes(30),
        });

        Assert.Equal(matching.Reverse().Select(f => f.Id), page.Items.Select(stored => stored.Finding.Id));
    }

    [Fact]
    public async Task Paging_returns_every_finding_exactly_once_even_when_window_ends_tie()
    {
        var source = Samples.UniqueName("paged");
        var batch = Enumerable.Range(0, 45).Select(i => Samples.Finding($"{source}-{i:D2}", source, count: 1 + (i % 4))).ToList();
        await findings.UpsertAsync(batch);

        var all = await Samples.AllPagesAsync(cursor => findings.ListAsync(new FindingQuery { Source = source, Limit = 7, Cursor = cursor }));

        Assert.Equal(batch.Select(f => f.Id).Order(), all.Select(stored => stored.Finding.Id).Order());
        Assert.Equal(
            all.OrderByDescending(stored => stored.Finding.WindowEnd).ThenByDescending(stored => stored.Finding.Id, StringComparer.Ordinal),
            all);
    }

    private async Task<long> CountRowsAsync(string id)
    {
        await using var connection = await postgres.DataSource.OpenConnectionAsync();
        return await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM findings WHERE id = @id", new { id });
    }
}
