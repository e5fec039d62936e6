using System.Globalization;
using FaultMaven.Storage.Audit;

namespace FaultMaven.Api.Security;

/// <summary>
/// Counts anonymous refusals (a 401 without valid credentials, a failed or throttled sign-in) per client address and
/// minute, and appends one audit row for each pair once its minute is over (checked at every minute boundary of the
/// <see cref="TimeProvider"/>) or when the API stops: a flood of refused requests costs one row per address and minute,
/// not one per request. Authenticated callers' refusals (403) stay one row each (<see cref="RequestAuditMiddleware"/>).
/// </summary>
/// <remarks>
/// The row: actor <c>anonymous</c>, action <see cref="Action"/>, target and source address the client's address
/// (<c>unknown</c> when the connection has none), outcome <c>refused</c>; details <c>minute</c> (ISO 8601, UTC, its
/// start), <c>count</c> (all refusals), one count per kind (<see cref="Unauthorized"/>, <see cref="LoginFailed"/>,
/// <see cref="LoginLocked"/>, <see cref="LoginThrottled"/>), and for sign-ins <c>KIND:NAME</c> counts (e.g.
/// <c>login.failed:ann</c>) for the first <see cref="MaxNames"/> kind and name pairs (the rest add up in
/// <c>other names</c>), so a row stays small. Refusals counted
/// while the process dies without a graceful stop are lost with it.
/// </remarks>
public sealed class RefusedRequestAudit(AuditLog audit, TimeProvider clock, ILogger<RefusedRequestAudit> logger) : BackgroundService
{
    public const string Action = "refused.anonymous";
    public const string Unauthorized = "unauthorized";
    public const string LoginFailed = "login.failed";
    public const string LoginLocked = "login.locked";
    public const string LoginThrottled = "login.throttled";
    public const int MaxNames = 20;
    private const string OtherNames = "other names";
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(20);

    private readonly Lock gate = new();
    private readonly Dictionary<(DateTimeOffset Minute, string Address), Dictionary<string, long>> tallies = [];
    private DateTimeOffset nextFlush;

    /// <summary>Counts one refusal of <paramref name="kind"/> from <paramref name="address"/> in the current minute; <paramref name="userName"/> for sign-ins.</summary>
    public void Count(string? address, string kind, string? userName = null)
    {
        var key = (MinuteOf(clock.GetUtcNow()), address ?? "unknown");
        lock (gate)
        {
            if (!tallies.TryGetValue(key, out var counts))
            {
                tallies[key] = counts = [];
            }

            Add(counts, "count", 1);
            Add(counts, kind, 1);
            if (userName is not null)
            {
                var named = counts.Keys.Count(name => name.Contains(':', StringComparison.Ordinal));
                var name = $"{kind}:{userName}";
                Add(counts, counts.ContainsKey(name) || named < MaxNames ? name : OtherNames, 1);
            }
        }
    }

    /// <summary>Appends the rows of every minute before the current one (all minutes when <paramref name="all"/>); a failed append is kept for the next flush.</summary>
    public async Task FlushAsync(bool all, CancellationToken cancellationToken)
    {
        var current = MinuteOf(clock.GetUtcNow());
        List<KeyValuePair<(DateTimeOffset Minute, string Address), Dictionary<string, long>>> due;
        lock (gate)
        {
            due = [.. tallies.Where(tally => all || tally.Key.Minute < current).OrderBy(tally => tally.Key.Minute)];
            foreach (var tally in due)
            {
                tallies.Remove(tally.Key);
            }
        }

        for (var n = 0; n < due.Count; n++)
        {
            var ((minute, address), counts) = due[n];
            var details = counts.ToDictionary(count => count.Key, count => count.Value.ToString(CultureInfo.InvariantCulture));
            details["minute"] = minute.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
            try
            {
                await audit.AppendAsync(new AuditEntry("anonymous", Action, address, "refused") { SourceAddress = address, Details = details }, cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                // A stop that cancels a minute's flush half-way keeps what is not written yet for the last flush.
                foreach (var ((keptMinute, keptAddress), kept) in due.Skip(n))
                {
                    Restore(keptMinute, keptAddress, kept);
                }

                throw;
            }
            catch (Exception exception)
            {
                logger.LogError(exception, "Could not audit {Count} refused requests from {Address} in the minute from {Minute}", counts["count"], address, minute);
                Restore(minute, address, counts);
            }
        }
    }

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        // Taken here, not in ExecuteAsync, which the host may start later: the minute open at start is flushed when it
        // ends even if the loop first runs after that.
        nextFlush = MinuteOf(clock.GetUtcNow()).AddMinutes(1);
        return base.StartAsync(cancellationToken);
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        // Not the host's token: services stopped before this one share its ShutdownTimeout and may have spent it on a
        // loaded machine, and what is held here is lost unless written now. The last flush gets its own bound.
        using var bound = new CancellationTokenSource(StopTimeout);
        await FlushAsync(all: true, bound.Token);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            var wait = nextFlush - clock.GetUtcNow();
            try
            {
                await Task.Delay(wait > TimeSpan.Zero ? wait : TimeSpan.Zero, clock, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            nextFlush = MinuteOf(clock.GetUtcNow()).AddMinutes(1);
            await FlushAsync(all: false, stoppingToken);
        }
    }

    private void Restore(DateTimeOffset minute, string address, Dictionary<string, long> counts)
    {
        lock (gate)
        {
            if (!tallies.TryGetValue((minute, address), out var kept))
            {
                tallies[(minute, address)] = counts;
                return;
            }

            foreach (var (name, count) in counts)
            {
                Add(kept, name, count);
            }
        }
    }

    private static void Add(Dictionary<string, long> counts, string name, long count) =>
        counts[name] = counts.GetValueOrDefault(name) + count;

    private static DateTimeOffset MinuteOf(DateTimeOffset time) =>
        new(time.UtcTicks - (time.UtcTicks % TimeSpan.TicksPerMinute), TimeSpan.Zero);
}
