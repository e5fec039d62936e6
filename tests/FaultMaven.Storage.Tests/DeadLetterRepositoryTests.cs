using FaultMaven.Testing.Postgres;

namespace FaultMaven.Storage.Tests;

public sealed class DeadLetterRepositoryTests(PostgresFixture postgres) : IClassFixture<PostgresFixture>
{
    private readonly DeadLetterRepository deadLetters = new(postgres.DataSource, TestKeys.Cipher);

    [Fact]
    public async Task A_dead_letter_reads_back_with_its_original_bytes()
    {
        var source = Samples.UniqueName("bytes");
        var written = Samples.DeadLetter(source, offset: 200, step: "normalize");
        await deadLetters.InsertAsync([written]);

        var stored = Assert.Single((await deadLetters.ListAsync(new DeadLetterQuery { Source = source })).Items);

        Assert.Equivalent(written, stored.DeadLetter, strict: true);
        Assert.Equal(written.Payload, stored.DeadLetter.Payload);
    }

    [Fact]
    public async Task Replaying_dead_letters_inserts_nothing_but_another_step_at_the_same_offset_is_kept()
    {
        var source = Samples.UniqueName("replay");
        var batch = Enumerable.Range(0, 20).Select(offset => Samples.DeadLetter(source, offset, "normalize")).ToList();

        Assert.Equal(20, await deadLetters.InsertAsync(batch));
        Assert.Equal(0, await deadLetters.InsertAsync(batch));
        Assert.Equal(1, await deadLetters.InsertAsync([Samples.DeadLetter(source, 0, "enrich")]));
    }

    [Fact]
    public async Task Listing_by_step_pages_through_every_match_newest_first()
    {
        var source = Samples.UniqueName("listed");
        await deadLetters.InsertAsync([
            .. Enumerable.Range(0, 25).Select(offset => Samples.DeadLetter(source, offset, "normalize")),
            .. Enumerable.Range(0, 5).Select(offset => Samples.DeadLetter(source, offset, "enrich")),
        ]);

        var all = await Samples.AllPagesAsync(cursor =>
            deadLetters.ListAsync(new DeadLetterQuery { Source = source, Step = "normalize", Limit = 10, Cursor = cursor }));

        Assert.Equal(Enumerable.Range(0, 25).Reverse().Select(offset => (long)offset), all.Select(stored => stored.DeadLetter.Raw.Offset));
    }
}
