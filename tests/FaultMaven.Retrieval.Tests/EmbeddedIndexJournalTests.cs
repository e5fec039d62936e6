using FaultMaven.Retrieval.Embeddings;
using FaultMaven.Retrieval.VectorStores;
using Microsoft.Extensions.Logging.Testing;

namespace FaultMaven.Retrieval.Tests;

/// <summary>The embedded index's snapshot + journal persistence: what a change writes, and what a crash leaves behind.</summary>
public sealed class EmbeddedIndexJournalTests : IDisposable
{
    private static readonly EmbeddingModel Model = new("test:axes", 3);

    private readonly TemporaryDirectory directory = new();

    private string IndexPath => directory.File("index.usearch");

    private string JournalPath => IndexPath + ".journal";

    [Fact]
    public async Task An_upsert_appends_one_journal_record_and_leaves_the_snapshot_untouched()
    {
        using var store = new UsearchIncidentVectorStore(IndexPath, Model);
        await store.UpsertAsync(Vector(0));
        var snapshot = await File.ReadAllBytesAsync(IndexPath);
        var journalBefore = new FileInfo(JournalPath).Length;

        await store.UpsertAsync(Vector(1));

        Assert.Equal(snapshot, await File.ReadAllBytesAsync(IndexPath));
        var grown = new FileInfo(JournalPath).Length - journalBefore;
        Assert.InRange(grown, 50, 400);
    }

    [Fact]
    public async Task Changes_only_in_the_journal_are_replayed_on_reopening()
    {
        using (var store = new UsearchIncidentVectorStore(IndexPath, Model))
        {
            for (var i = 0; i < 20; i++)
            {
                await store.UpsertAsync(Vector(i));
            }

            await store.DeleteAsync("inc-3");
            await store.UpsertAsync(Vector(5) with { Vector = new float[] { 0, 0, 1 } });
        }

        using var reopened = new UsearchIncidentVectorStore(IndexPath, Model);

        Assert.Equal(19, reopened.State.Count);
        Assert.Equal("inc-5", (await reopened.QueryAsync(new float[] { 0, 0, 1 }, 1))[0].IncidentId);
        Assert.DoesNotContain("inc-3", (await reopened.QueryAsync(new float[] { 1, 0, 0 }, 20)).Select(match => match.IncidentId));
    }

    [Fact]
    public async Task A_journal_cut_mid_record_keeps_the_records_before_the_cut_and_appends_after_them()
    {
        using (var store = new UsearchIncidentVectorStore(IndexPath, Model))
        {
            for (var i = 0; i < 10; i++)
            {
                await store.UpsertAsync(Vector(i));
            }
        }

        // As a process killed in the middle of its last write leaves it.
        await using (var journal = new FileStream(JournalPath, FileMode.Open))
        {
            journal.SetLength(journal.Length - 7);
        }

        var logger = new FakeLogger<UsearchIncidentVectorStore>();
        using (var reopened = new UsearchIncidentVectorStore(IndexPath, Model, logger))
        {
            Assert.Equal(9, reopened.State.Count);
            await reopened.UpsertAsync(Vector(42));
        }

        using var again = new UsearchIncidentVectorStore(IndexPath, Model);
        var warning = Assert.Single(logger.Collector.GetSnapshot(), record => record.Level == Microsoft.Extensions.Logging.LogLevel.Warning);
        Assert.Contains("9 records before them were kept", warning.Message, StringComparison.Ordinal);
        Assert.Equal(10, again.State.Count);
        Assert.Equal("inc-42", (await again.QueryAsync(Direction(42), 1))[0].IncidentId);
    }

    [Fact]
    public async Task A_damaged_record_in_the_journal_ends_it_there()
    {
        using (var store = new UsearchIncidentVectorStore(IndexPath, Model))
        {
            for (var i = 0; i < 10; i++)
            {
                await store.UpsertAsync(Vector(i));
            }
        }

        var bytes = await File.ReadAllBytesAsync(JournalPath);
        bytes[bytes.Length / 2] ^= 0x5A;
        await File.WriteAllBytesAsync(JournalPath, bytes);

        using var reopened = new UsearchIncidentVectorStore(IndexPath, Model);

        Assert.InRange(reopened.State.Count, 1, 9);
    }

    [Fact]
    public async Task A_snapshot_with_one_byte_changed_fails_its_checksum_and_opens_empty_for_a_rebuild()
    {
        using (var store = new UsearchIncidentVectorStore(IndexPath, Model))
        {
            await store.RebuildAsync(Enumerable.Range(0, 50).Select(Vector).ToAsyncEnumerable());
        }

        var bytes = await File.ReadAllBytesAsync(IndexPath);
        bytes[^5] ^= 0x01;
        await File.WriteAllBytesAsync(IndexPath, bytes);
        var logger = new FakeLogger<UsearchIncidentVectorStore>();

        using var reopened = new UsearchIncidentVectorStore(IndexPath, Model, logger);

        Assert.Equal(0, reopened.State.Count);
        Assert.Contains(logger.Collector.GetSnapshot(), record => record.Message.Contains("does not match the checksum in its manifest", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_full_journal_becomes_a_new_snapshot_and_starts_over()
    {
        using (var store = new UsearchIncidentVectorStore(IndexPath, Model))
        {
            for (var i = 0; i < UsearchIncidentVectorStore.MinimumCompactionRecords + 5; i++)
            {
                await store.UpsertAsync(Vector(i));
            }
        }

        var journalRecordBytes = new FileInfo(JournalPath).Length;
        using var reopened = new UsearchIncidentVectorStore(IndexPath, Model);

        Assert.InRange(journalRecordBytes, 24, 24 + (6 * 400));
        Assert.Equal(UsearchIncidentVectorStore.MinimumCompactionRecords + 5, reopened.State.Count);
    }

    [Fact]
    public async Task A_journal_of_an_older_snapshot_is_not_replayed_twice()
    {
        using (var store = new UsearchIncidentVectorStore(IndexPath, Model))
        {
            for (var i = 0; i < 10; i++)
            {
                await store.UpsertAsync(Vector(i));
            }

            // A crash after the next snapshot was written and before its journal replaced this one.
            File.Copy(JournalPath, directory.File("older.journal"));
            await store.RebuildAsync(Enumerable.Range(100, 3).Select(Vector).ToAsyncEnumerable());
        }

        File.Copy(directory.File("older.journal"), JournalPath, overwrite: true);

        using var reopened = new UsearchIncidentVectorStore(IndexPath, Model);

        Assert.Equal(3, reopened.State.Count);
    }

    public void Dispose() => directory.Dispose();

    // Vectors spread around the unit circle in the xy plane, so each has a distinct nearest neighbour.
    private static float[] Direction(int i) => [MathF.Cos(i * 0.01f), MathF.Sin(i * 0.01f), 0];

    private static IncidentVector Vector(int i) =>
        new($"inc-{i}", Direction(i), new IncidentMetadata("checkout", "team", IncidentStatus.Open), DateTimeOffset.UnixEpoch.AddMinutes(i));
}
