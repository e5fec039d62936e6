using FaultMaven.Contracts;
using FaultMaven.Testing.Postgres;

namespace FaultMaven.Storage.Tests;

public sealed class TemplateRepositoryTests(PostgresFixture postgres) : IClassFixture<PostgresFixture>
{
    private static readonly DateTimeOffset Noon = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);
    private readonly LogRepository logs = new(postgres.DataSource, TestKeys.Cipher);
    private readonly TemplateRepository templates = new(postgres.DataSource);

    [Fact]
    public async Task Stored_lines_keep_their_template_and_each_template_counts_its_lines_exactly_once_across_replays()
    {
        LogEvent[] batch = [Line(0, 1, "user <*> logged in"), Line(1, 1, "user <*> logged in"), Line(2, 2, "cache warmed"), Line(3, null, null)];

        await logs.InsertAsync(batch);
        await logs.InsertAsync(batch);
        await logs.InsertAsync([Line(4, 1, "user <*> logged <*>")]);

        var page = await templates.ListAsync(new TemplateQuery { Source = "tmpl" });
        var login = page.Items.Single(t => t.Id == 1);
        Assert.Equal(3, login.Count);
        Assert.Equal("user <*> logged <*>", login.Template);
        Assert.Equal(Noon, login.FirstSeen);
        Assert.Equal(Noon.AddSeconds(4), login.LastSeen);
        Assert.Equal(1, page.Items.Single(t => t.Id == 2).Count);
        var stored = await logs.QueryAsync(new LogQuery { Source = "tmpl" });
        Assert.Equal(2, stored.Items.Single(l => l.Event.Raw.Offset == 2).Event.TemplateId);
        Assert.Null(stored.Items.Single(l => l.Event.Raw.Offset == 3).Event.Template);
    }

    [Fact]
    public async Task Templates_of_different_sources_with_the_same_id_stay_apart()
    {
        await logs.InsertAsync([Line(10, 1, "disk full", "a-src"), Line(11, 1, "connection reset", "b-src")]);

        Assert.Equal("disk full", Assert.Single((await templates.ListAsync(new TemplateQuery { Source = "a-src" })).Items).Template);
        Assert.Equal("connection reset", Assert.Single((await templates.ListAsync(new TemplateQuery { Source = "b-src" })).Items).Template);
    }

    private static LogEvent Line(long offset, int? templateId, string? template, string source = "tmpl") =>
        new(Noon.AddSeconds(offset % 10), source, null, null, Severity.Info, $"line {offset}", new Dictionary<string, string>(), new RawOffset(Topics.Normalized, 0, offset), templateId, template);
}
