using System.Globalization;
using System.Text.Json;
using FaultMaven.Analysis.Normalization;
using FaultMaven.Contracts;
using FaultMaven.Pipeline;
using FaultMaven.Pipeline.Ingestion;
using FaultMaven.Pipeline.Serialization;
using FaultMaven.Storage;
using FaultMaven.Storage.Encryption;
using Npgsql;

namespace FaultMaven.Testing.Postgres;

/// <summary>
/// Where ingested lines went, from what was stored: every non-blank line ends as one row, as a continuation line merged
/// into a row (<c>fm.lines</c> − 1 per row), as a repeat collapsed into a row (<c>fm.repeat</c> − 1 occurrences of its
/// <c>fm.lines</c> lines), or in a dead letter. A dead letter of the normalize step holds the lines of its payload: the one
/// line a parser rejected, or every line of a raw record whose processing failed; one of the logs sink holds the lines of
/// the event it names in its payload (the normalized batch); any other, the records it stands for
/// (<see cref="DeadLetter.Records"/>): one, or the records of a run the broker dropped (step <c>broker</c>), which are
/// lines as kcat and shippers send them, one a record. Such a run has no source, so it counts only when
/// <c>source</c> is null.
/// </summary>
/// <param name="DeadLettersByStep">Dead letters (not lines) per step.</param>
public sealed record LineAccounting(long Rows, long MergedLines, long CollapsedRepeats, long DeadLetterLines, IReadOnlyDictionary<string, long> DeadLettersByStep)
{
    // The worker's logs sink (TopicSink.Step of the logs sink definition).
    private const string LogsSinkStep = "sink-logs";

    private static readonly ContractSerDes Serdes = new(new LocalSchemaRegistryClient());

    /// <summary>Lines accounted for: what must equal the lines sent when nothing was lost (filtered lines aside).</summary>
    public long Accounted => Rows + MergedLines + CollapsedRepeats + DeadLetterLines;

    /// <summary>Reads every row's sealed attributes and every dead letter's sealed payload, of <paramref name="source"/> or of all sources when null.</summary>
    /// <param name="cipher">The cipher the worker sealed them with (its encryption keys).</param>
    public static async Task<LineAccounting> ReadAsync(NpgsqlDataSource database, FieldCipher cipher, string? source = null, CancellationToken cancellationToken = default)
    {
        long rows = 0, merged = 0, collapsed = 0;
        await using (var command = database.CreateCommand("SELECT raw_topic, raw_partition, raw_offset, raw_index, attributes FROM logs WHERE $1::text IS NULL OR source = $1"))
        {
            command.Parameters.Add(new NpgsqlParameter { Value = (object?)source ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                rows++;
                var raw = new RawOffset(reader.GetString(0), reader.GetInt32(1), reader.GetInt64(2), reader.GetInt32(3));
                var attributes = cipher.OpenText(reader.GetFieldValue<byte[]>(4), SealedTable.Logs.Context("attributes", SealedTable.RawIdentity(raw)));
                if (!attributes.Contains("\"fm.", StringComparison.Ordinal))
                {
                    continue;
                }

                var values = JsonSerializer.Deserialize<Dictionary<string, string>>(attributes) ?? [];
                var lines = Count(values, AttributeKeys.Lines);
                merged += lines - 1;
                collapsed += lines * (Count(values, AttributeKeys.Repeat) - 1);
            }
        }

        var deadLetterLines = 0L;
        var byStep = new SortedDictionary<string, long>(StringComparer.Ordinal);
        var deadLetters = new DeadLetterRepository(database, cipher);
        for (string? cursor = null; ;)
        {
            var page = await deadLetters.ListAsync(new DeadLetterQuery { Source = source, Limit = PagedQuery.MaxLimit, Cursor = cursor }, cancellationToken);
            foreach (var deadLetter in page.Items.Select(stored => stored.DeadLetter))
            {
                byStep[deadLetter.Step] = byStep.GetValueOrDefault(deadLetter.Step) + 1;
                deadLetterLines += deadLetter.Step switch
                {
                    LogPipelineTopology.NormalizeStep => Math.Max(1, LineChunker.CountLines(deadLetter.Payload)),
                    LogsSinkStep => LinesOfEvent(deadLetter),
                    _ => deadLetter.Records,
                };
            }

            if ((cursor = page.NextCursor) is null)
            {
                break;
            }
        }

        return new LineAccounting(rows, merged, collapsed, deadLetterLines, byStep);
    }

    /// <summary>The accounting as one line for a failure message or a report.</summary>
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{Rows:N0} rows + {MergedLines:N0} merged lines + {CollapsedRepeats:N0} collapsed repeats + {DeadLetterLines:N0} dead-lettered lines = {Accounted:N0}")
        + (DeadLettersByStep.Count == 0 ? "" : $" (dead letters by step: {string.Join(", ", DeadLettersByStep.Select(step => $"{step.Key} {step.Value}"))})");

    /// <summary>The lines of the event a logs sink dead letter names (its index in the batch it carries), 1 when the batch cannot be read.</summary>
    private static long LinesOfEvent(DeadLetter deadLetter)
    {
        try
        {
            var batch = Serdes.LogEventBatch.Deserialize(deadLetter.Payload, Topics.Normalized);
            var attributes = batch.Events[deadLetter.Raw.Index].Attributes;
            return Count(attributes, AttributeKeys.Lines) * Count(attributes, AttributeKeys.Repeat);
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            return 1;
        }
    }

    private static long Count(IReadOnlyDictionary<string, string> attributes, string key) =>
        attributes.TryGetValue(key, out var text) && long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var count) && count > 1 ? count : 1;
}
