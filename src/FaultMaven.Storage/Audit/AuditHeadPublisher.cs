using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace FaultMaven.Storage.Audit;

/// <summary>
/// Writes the audit chain head into the service's log stream whenever it changed, at most once per interval, so that a
/// copy lives outside the database where the services cannot rewrite it (a log collector, a SIEM). Any logged hash can
/// later be checked with <c>fm audit verify --head HASH</c>.
/// </summary>
public sealed partial class AuditHeadPublisher(AuditLog audit, ILogger<AuditHeadPublisher> logger, TimeProvider clock, TimeSpan? interval = null) : BackgroundService
{
    /// <summary>How often the head is looked at when no interval is given.</summary>
    public static readonly TimeSpan DefaultInterval = TimeSpan.FromMinutes(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(interval ?? DefaultInterval, clock);
        var published = -1L;
        do
        {
            try
            {
                var (lastId, lastHash) = await audit.HeadAsync(stoppingToken);
                if (lastId != published)
                {
                    LogHead(lastId, Convert.ToHexStringLower(lastHash));
                    published = lastId;
                }
            }
            catch (Exception exception) when (exception is Npgsql.NpgsqlException or TimeoutException)
            {
                // The database being away must not stop the service; the next tick tries again.
                LogUnavailable(exception.Message);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Audit chain head: row {AuditHeadId} hash {AuditHeadHash}")]
    private partial void LogHead(long auditHeadId, string auditHeadHash);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Audit chain head not readable: {Reason}")]
    private partial void LogUnavailable(string reason);
}
