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

    [Fact]
    public async Task A_bulk_load_stores_the_same_rows_and_template_counts_as_inserts_and_refuses_a_position_already_stored()
    {
        // Out of time order on purpose, with a tie at the latest time (offsets 29 and 39): the latest text must be chosen as InsertAsync chooses it.
        LogEvent[] Lines(string source, int shift) =>
            [.. new (int Offset, int? Id, string? Template)[] { (20, 1, "user <*> in"), (21, 1, "user <*> out"), (29, 1, "user <*> gone"), (39, 1, "user <*> back"), (22, 2, "cache"), (23, null, null) }
                .Select(l => Line(l.Offset + shift, l.Id, l.Template, source))];
        await logs.InsertAsync(Lines("by-insert", 0));
        var bulk = Lines("by-bulk", 1000);

        Assert.Equal(6, await logs.BulkLoadAsync(bulk));

        static object Shape(IEnumerable<StoredTemplate> items) => items.Select(t => (t.Id, t.Template, t.Count, t.FirstSeen, t.LastSeen)).Order().ToList();
        Assert.Equal(Shape((await templates.ListAsync(new TemplateQuery { Source = "by-insert" })).Items), Shape((await templates.ListAsync(new TemplateQuery { Source = "by-bulk" })).Items));
        var stored = (await logs.QueryAsync(new LogQuery { Source = "by-bulk" })).Items.Select(l => l.Event).OrderBy(e => e.Raw.Offset).ToList();
        Assert.Equivalent(bulk.OrderBy(e => e.Raw.Offset).ToList(), stored, strict: true);

        var replay = await Assert.ThrowsAsync<Npgsql.PostgresException>(() => logs.BulkLoadAsync([Line(1040, 1, "user <*> new", "by-bulk"), .. bulk]));
        Assert.Equal(Npgsql.PostgresErrorCodes.UniqueViolation, replay.SqlState);
        Assert.Equal(6, (await logs.QueryAsync(new LogQuery { Source = "by-bulk" })).Items.Count);
        Assert.Equal(4, (await templates.ListAsync(new TemplateQuery { Source = "by-bulk" })).Items.Single(t => t.Id == 1).Count);
    }

    private static LogEvent Line(long offset, int? templateId, string? template, string source = "tmpl") =>
        new(Noon.AddSeconds(offset % 10), source, null, null, Severity.Info, $"line {offset}", new Dictionary<string, string>(), new RawOffset(Topics.Normalized, 0, offset), templateId, template);
}
