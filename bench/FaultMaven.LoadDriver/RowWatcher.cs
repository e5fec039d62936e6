using System.Diagnostics;
using FaultMaven.Contracts;
using Npgsql;

namespace FaultMaven.LoadDriver;

/// <summary>
/// Watches <c>logs</c> and <c>dead_letters</c> grow while the load runs. Every <see cref="Interval"/> it reads the rows
/// added since the last look (by id, so each row is seen once) and notes, per logs.raw record (partition, offset), the
/// time of the look that saw its last row; a chunk's push-to-row latency is that time minus its acknowledgement.
/// Rows are read in id order, which is commit order while one sink writes one batch at a time; a row that commits with a
/// lower id after a look has passed it is not seen (<see cref="Unseen"/> reports how many).
/// </summary>
public sealed class RowWatcher(NpgsqlDataSource database, Stopwatch clock)
{
    public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(250);

    private const int PageSize = 50_000;

    private readonly Dictionary<(int Partition, long Offset), TimeSpan> lastRowSeen = [];
    private readonly Dictionary<string, int> partitionOfSource = [];
    private long lastId;

    public long RowsSeen { get; private set; }

    public long DeadLetters { get; private set; }

    /// <summary>When the last look that found a new row or dead letter started.</summary>
    public TimeSpan LastChange { get; private set; }

    /// <summary>When the last look started.</summary>
    public TimeSpan LastLook { get; private set; }

    public IReadOnlyDictionary<(int Partition, long Offset), TimeSpan> LastRowSeen => lastRowSeen;

    public IReadOnlyDictionary<string, int> PartitionOfSource => partitionOfSource;

    /// <summary>Looks until <paramref name="stop"/> is cancelled, then once more.</summary>
    public async Task RunAsync(CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            await LookAsync();
            try
            {
                await Task.Delay(Interval, stop);
            }
            catch (OperationCanceledException)
            {
            }
        }

        await LookAsync();
    }

    /// <summary>Rows in <c>logs</c> the looks did not see (committed behind a look), from a final count.</summary>
    public async Task<long> Unseen()
    {
        await using var count = database.CreateCommand("SELECT count(*) FROM logs");
        return (long)(await count.ExecuteScalarAsync())! - RowsSeen;
    }

    private async Task LookAsync()
    {
        var now = clock.Elapsed;
        var changed = false;
        int read;
        do
        {
            await using var command = database.CreateCommand(
                "SELECT id, source, raw_topic, raw_partition, raw_offset FROM logs WHERE id > $1 ORDER BY id LIMIT $2");
            command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = lastId });
            command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = PageSize });
            await using var reader = await command.ExecuteReaderAsync();
            read = 0;
            while (await reader.ReadAsync())
            {
                read++;
                lastId = reader.GetInt64(0);
                if (reader.GetString(2) == Topics.Raw)
                {
                    var partition = reader.GetInt32(3);
                    lastRowSeen[(partition, reader.GetInt64(4))] = now;
                    partitionOfSource.TryAdd(reader.GetString(1), partition);
                }
            }

            RowsSeen += read;
            changed |= read > 0;
        }
        while (read == PageSize);

        await using var deadLetters = database.CreateCommand("SELECT count(*) FROM dead_letters");
        var dead = (long)(await deadLetters.ExecuteScalarAsync())!;
        changed |= dead != DeadLetters;
        DeadLetters = dead;
        LastLook = now;
        if (changed)
        {
            LastChange = now;
        }
    }
}
