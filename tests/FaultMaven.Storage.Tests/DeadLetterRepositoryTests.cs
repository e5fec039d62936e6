using FaultMaven.Contracts;
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

    [Fact]
    public async Task Records_the_broker_dropped_are_one_dead_letter_counted_as_its_records_and_stored_once()
    {
        var topic = Samples.UniqueName("dropped");
        var before = await DeadLetterRepository.CountAsync(postgres.DataSource);
        DeadLetter[] gaps =
        [
            new("broker-dropped: 500 records", DeadLetter.BrokerStep, null, new RawOffset(topic, 0, 499, 0, 11), [], Samples.Noon, 500),
            new("broker-dropped: 7 records", DeadLetter.BrokerStep, null, new RawOffset(topic, 3, 906, 0, 12), [], Samples.Noon.AddMinutes(1), 7),
        ];

        Assert.Equal(2, await deadLetters.InsertAsync(gaps));
        Assert.Equal(0, await deadLetters.InsertAsync([gaps[0] with { Records = 700, FailedAt = Samples.Noon.AddHours(1) }]));

        var stored = await deadLetters.ListAsync(new DeadLetterQuery { Step = DeadLetter.BrokerStep, Limit = PagedQuery.MaxLimit });
        Assert.Equal([(900L, 7L), (0L, 500L)], stored.Items.Where(d => d.DeadLetter.Raw.Topic == topic).Select(d => (d.DeadLetter.Raw.Offset - d.DeadLetter.Records + 1, d.DeadLetter.Records)));
        var after = await DeadLetterRepository.CountAsync(postgres.DataSource);
        Assert.Equal((2L, 507L), (after.Count - before.Count, after.Records - before.Records));
        Assert.Equal(new BrokerLoss(topic, 2, 507, Samples.Noon.AddMinutes(1)), Assert.Single(await DeadLetterRepository.LostToBrokerAsync(postgres.DataSource), loss => loss.Topic == topic));
    }
}
