using System.Threading.Channels;
using FaultMaven.Agents.LogAnalysis;
using FaultMaven.Contracts;
using FaultMaven.Integrations.Prometheus;
using FaultMaven.Storage;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FaultMaven.Integrations;

/// <summary>An analysis of one source's data for a time window, whose findings belong to an incident.</summary>
public sealed record IncidentAnalysis(string IncidentId, string Source, DateTimeOffset From, DateTimeOffset To);

/// <summary>
/// Runs incident analyses one at a time, off the request that asked for them (Alertmanager waits for its webhook's
/// answer): reads the source's stored logs of the window, runs the log analysis agent's detectors over them, adds the
/// metric anomalies Prometheus shows for the source when it is configured, stores the findings and attaches them to
/// the incident.
/// </summary>
public sealed class IncidentAnalysisQueue(
    LogRepository logs, FindingFiler filer, LogAnalysisAgent agent, MetricAnomalies metrics,
    IOptions<IntegrationsOptions> options, ILogger<IncidentAnalysisQueue> logger) : BackgroundService
{
    /// <summary>Analyses waiting; beyond it <see cref="TryEnqueue"/> refuses, and the webhook's answer says so.</summary>
    public const int Capacity = 1_000;

    private readonly Channel<IncidentAnalysis> queue = Channel.CreateBounded<IncidentAnalysis>(new BoundedChannelOptions(Capacity) { SingleReader = true });

    /// <summary>Queues an analysis; false when the queue is full.</summary>
    public bool TryEnqueue(IncidentAnalysis analysis) => queue.Writer.TryWrite(analysis);

    /// <summary>Reads the window's logs and stores what the detectors find, attached to the incident.</summary>
    /// <returns>The findings, attached or (when another incident already had them) left where they were.</returns>
    public async Task<IReadOnlyList<Finding>> RunAsync(IncidentAnalysis analysis, CancellationToken cancellationToken)
    {
        var events = await ReadLogsAsync(analysis, options.Value.Alertmanager.MaxLogEvents, cancellationToken);
        var found = agent.Analyze(events).Findings.ToList();
        if (metrics.IsConfigured)
        {
            try
            {
                found.AddRange(await metrics.FindAsync(analysis.Source, analysis.From, analysis.To, cancellationToken));
            }
            catch (IntegrationException exception)
            {
                // The logs' findings are still worth keeping when Prometheus is away.
                logger.LogWarning("Metrics of {Source} for incident {IncidentId} not read: {Reason}", analysis.Source, analysis.IncidentId, exception.Message);
            }
        }

        var attached = await filer.FileIntoAsync(analysis.IncidentId, found, cancellationToken);
        logger.LogInformation(
            "Analyzed {Events} log events of {Source} from {From:o} to {To:o} for incident {IncidentId}: {Findings} findings, {Attached} newly attached",
            events.Count, analysis.Source, analysis.From, analysis.To, analysis.IncidentId, found.Count, attached);
        return found;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await foreach (var analysis in queue.Reader.ReadAllAsync(stoppingToken))
        {
            try
            {
                await RunAsync(analysis, stoppingToken);
            }
            catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
            {
                // One failed analysis (database briefly away) must not stop the ones behind it; the incident stays as it was.
                logger.LogError(exception, "Analysis of {Source} for incident {IncidentId} failed", analysis.Source, analysis.IncidentId);
            }
        }
    }

    /// <summary>The newest <paramref name="limit"/> events of the window, oldest first, as the detectors read a stream.</summary>
    private async Task<List<LogEvent>> ReadLogsAsync(IncidentAnalysis analysis, int limit, CancellationToken cancellationToken)
    {
        var events = new List<LogEvent>();
        string? cursor = null;
        do
        {
            var page = await logs.QueryAsync(
                new LogQuery { Source = analysis.Source, From = analysis.From, To = analysis.To, Cursor = cursor, Limit = Math.Min(PagedQuery.MaxLimit, limit - events.Count) },
                cancellationToken);
            events.AddRange(page.Items.Select(stored => stored.Event));
            cursor = page.NextCursor;
        }
        while (cursor is not null && events.Count < limit);

        events.Reverse();
        return events;
    }
}
