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

    /// <summary>
    /// A restarted worker releases the events a source carried across its last commit again, in new records of
    /// logs.normalized: the same rejected item arrives at the sink under another record's position, and its dead letter
    /// must not be stored once per restart. A dead letter of a whole record (no item) is still keyed by its position.
    /// </summary>
    [Fact]
    public async Task An_items_dead_letter_is_stored_once_however_many_records_carry_the_item()
    {
        var source = Samples.UniqueName("item");
        var item = $"{Topics.Raw}.{source}/0@7#0~0";
        DeadLetter CarriedAt(long offset, string? itemId) => Samples.DeadLetter(source, offset, "sink-logs") with { ItemId = itemId };

        Assert.Equal(1, await deadLetters.InsertAsync([CarriedAt(10, item)]));
        Assert.Equal(0, await deadLetters.InsertAsync([CarriedAt(25, item), CarriedAt(40, item)]));
        Assert.Equal(1, await deadLetters.InsertAsync([CarriedAt(25, item) with { Step = "sink-findings" }]));
        Assert.Equal(2, await deadLetters.InsertAsync([CarriedAt(25, itemId: null), CarriedAt(40, itemId: null)]));

        var stored = (await deadLetters.ListAsync(new DeadLetterQuery { Source = source, Step = "sink-logs" })).Items;
        Assert.Equal([(40L, null), (25L, null), (10L, item)], stored.Select(s => (s.DeadLetter.Raw.Offset, s.DeadLetter.ItemId)));
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
