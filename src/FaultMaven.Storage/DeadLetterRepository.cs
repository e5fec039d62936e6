using System.Text;
using FaultMaven.Contracts;
using FaultMaven.Storage.Encryption;
using Npgsql;

namespace FaultMaven.Storage;

/// <summary>A stored dead letter and its row id.</summary>
public sealed record StoredDeadLetter(long Id, DeadLetter DeadLetter);

/// <summary>Filters for <see cref="DeadLetterRepository.ListAsync"/>; the time range bounds <see cref="DeadLetter.FailedAt"/>.</summary>
public sealed record DeadLetterQuery : PagedQuery
{
    public string? Source { get; init; }

    public string? Step { get; init; }
}

/// <summary>How many dead letters are stored, how many Kafka records they stand for (<see cref="DeadLetter.Records"/>), and when the latest failed (null when none is).</summary>
public sealed record DeadLetterCount(long Count, long Records, DateTimeOffset? Latest);

/// <summary>The records the broker dropped on one topic before the worker read them: <paramref name="Gaps"/> runs (one dead letter each) of <paramref name="Records"/> records in all, the latest found at <paramref name="Latest"/>.</summary>
public sealed record BrokerLoss(string Topic, long Gaps, long Records, DateTimeOffset Latest);

/// <summary>Stores dead letters with their payload sealed.</summary>
/// <remarks>A dead letter is storable whatever made its record fail: its text columns are stored with NUL escaped as
/// <c>\0</c>, unpaired surrogates replaced by U+FFFD and overlong values cut (marked with an ellipsis), so that neither
/// PostgreSQL nor its client rejects them; the payload keeps the original bytes, the offending text included.</remarks>
public sealed class DeadLetterRepository(NpgsqlDataSource dataSource, FieldCipher cipher)
{
    // Step and topic are in the unique index, whose rows must stay within btree's 2704 bytes (at most 4 bytes a char).
    private const int MaxStepLength = 200;
    private const int MaxTopicLength = 249;
    private const int MaxSourceLength = SourceNames.MaxLength;
    private const int MaxReasonLength = 8000;

    // Either key stores a dead letter once: its raw position and step, or its step and item (DeadLetter.ItemId).
    private const string InsertSql = """
        INSERT INTO dead_letters (reason, step, source, payload, failed_at, records, item_id, raw_topic, raw_partition, raw_offset, raw_index, raw_fingerprint)
        SELECT * FROM unnest(@reason, @step, @source, @payload, @failedAt, @records, @itemId, @rawTopic, @rawPartition, @rawOffset, @rawIndex, @rawFingerprint)
        ON CONFLICT DO NOTHING
        """;

    private const string SelectSql = """
        SELECT id AS Id, reason AS Reason, step AS Step, source AS Source, payload AS Payload, failed_at AS FailedAt, records AS Records, item_id AS ItemId,
               raw_topic AS RawTopic, raw_partition AS RawPartition, raw_offset AS RawOffset, raw_index AS RawIndex, raw_fingerprint AS RawFingerprint
        FROM dead_letters
        """;

    /// <summary>Inserts the dead letters not stored yet for their raw position and step, nor for their step and <see cref="DeadLetter.ItemId"/>.</summary>
    /// <returns>How many rows were inserted.</returns>
    public async Task<int> InsertAsync(IReadOnlyList<DeadLetter> deadLetters, CancellationToken cancellationToken = default)
    {
        if (deadLetters.Count == 0)
        {
            return 0;
        }

        var storable = deadLetters.Select(Storable).ToList();
        var columns = new
        {
            reason = storable.Select(d => d.Reason).ToArray(),
            step = storable.Select(d => d.Step).ToArray(),
            source = storable.Select(d => d.Source).ToArray(),
            payload = storable.Select(d => cipher.Seal(d.Payload, PayloadContext(d.Raw, d.Step))).ToArray(),
            failedAt = storable.Select(d => d.FailedAt.ToUniversalTime()).ToArray(),
            records = storable.Select(d => d.Records).ToArray(),
            itemId = storable.Select(d => d.ItemId).ToArray(),
        };
        return await dataSource.ExecuteAsync(InsertSql, Columns.WithRawOffsetArrays(columns, storable.Select(d => d.Raw)), cancellationToken);
    }

    /// <summary>Dead letters matching the query, newest first.</summary>
    public Task<Page<StoredDeadLetter>> ListAsync(DeadLetterQuery query, CancellationToken cancellationToken = default) =>
        new KeysetQuery<long>("failed_at", "id")
            .WhereEqual("source", query.Source)
            .WhereEqual("step", query.Step)
            .ReadPageAsync(
                dataSource, SelectSql, query, (DeadLetterRow row) => row.ToStoredDeadLetter(cipher),
                stored => (stored.DeadLetter.FailedAt, stored.Id), cancellationToken);

    /// <summary>
    /// How many dead letters are stored, for how many records, and when the latest failed: what <c>fm status</c> reports.
    /// Static, as it opens no payload: a caller without the encryption keys may count them.
    /// </summary>
    public static async Task<DeadLetterCount> CountAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken = default)
    {
        var (count, records, latest) = (await dataSource.QueryAsync<(long Count, long Records, DateTime? Latest)>(
            "SELECT count(*) AS Count, coalesce(sum(records), 0)::bigint AS Records, max(failed_at) AS Latest FROM dead_letters", new { }, cancellationToken)).Single();
        return new DeadLetterCount(count, records, latest is { } at ? Columns.Utc(at) : null);
    }

    /// <summary>
    /// Per topic, the records the broker dropped before the worker read them, from the stored gaps (step
    /// <c>broker</c>), by topic name: what <c>fm status</c> reports as lost once the worker has read past them. Static,
    /// as <see cref="CountAsync"/>.
    /// </summary>
    public static async Task<IReadOnlyList<BrokerLoss>> LostToBrokerAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken = default) =>
        (await dataSource.QueryAsync<(string Topic, long Gaps, long Records, DateTime Latest)>(
            """
            SELECT raw_topic AS Topic, count(*) AS Gaps, sum(records)::bigint AS Records, max(failed_at) AS Latest
            FROM dead_letters WHERE step = @Step GROUP BY raw_topic ORDER BY raw_topic
            """,
            new { Step = DeadLetter.BrokerStep },
            cancellationToken))
        .Select(loss => new BrokerLoss(loss.Topic, loss.Gaps, loss.Records, Columns.Utc(loss.Latest)))
        .ToList();

    private static DeadLetter Storable(DeadLetter deadLetter) => deadLetter with
    {
        Reason = StorableText(deadLetter.Reason, MaxReasonLength),
        Step = StorableText(deadLetter.Step, MaxStepLength),
        Source = deadLetter.Source is null ? null : StorableText(deadLetter.Source, MaxSourceLength),
        Raw = deadLetter.Raw with { Topic = StorableText(deadLetter.Raw.Topic, MaxTopicLength) },
    };

    private static string StorableText(string text, int maxLength)
    {
        if (text.Length <= maxLength && !text.Any(c => c == '\0' || char.IsSurrogate(c)))
        {
            return text;
        }

        var kept = text.Length <= maxLength ? text : text[..maxLength];
        var storable = new StringBuilder(kept.Length + 8);
        for (var i = 0; i < kept.Length; i++)
        {
            if (kept[i] == '\0')
            {
                storable.Append("\\0");
            }
            else if (char.IsHighSurrogate(kept[i]) && i + 1 < kept.Length && char.IsLowSurrogate(kept[i + 1]))
            {
                storable.Append(kept, i++, 2);
            }
            else
            {
                storable.Append(char.IsSurrogate(kept[i]) ? '\uFFFD' : kept[i]);
            }
        }

        return kept.Length < text.Length ? storable.Append('…').ToString() : storable.ToString();
    }

    private static byte[] PayloadContext(RawOffset raw, string step) =>
        SealedTable.DeadLetters.Context("payload", SealedTable.RawIdentity(raw, step));

    private sealed record DeadLetterRow(
        long Id, string Reason, string Step, string? Source, byte[] Payload, DateTime FailedAt, long Records, string? ItemId,
        string RawTopic, int RawPartition, long RawOffset, int RawIndex, long RawFingerprint)
    {
        public StoredDeadLetter ToStoredDeadLetter(FieldCipher cipher)
        {
            var raw = new RawOffset(RawTopic, RawPartition, RawOffset, RawIndex, RawFingerprint);
            return new StoredDeadLetter(
                Id, new DeadLetter(Reason, Step, Source, raw, cipher.Open(Payload, PayloadContext(raw, Step)), Columns.Utc(FailedAt), Records) { ItemId = ItemId });
        }
    }
}
