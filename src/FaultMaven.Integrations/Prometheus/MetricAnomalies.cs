using FaultMaven.Analysis.Anomaly.Streaming;
using FaultMaven.Contracts;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FaultMaven.Integrations.Prometheus;

/// <summary>
/// The metric side of an incident analysis: each configured signal's PromQL for the source, read from Prometheus over
/// the window plus the baseline before it, run through <see cref="MetricShiftDetector"/>.
/// </summary>
public sealed class MetricAnomalies(PrometheusClient prometheus, IOptions<IntegrationsOptions> options, ILogger<MetricAnomalies> logger)
{
    public bool IsConfigured => options.Value.Prometheus.IsConfigured;

    /// <summary>The anomalies of every signal of <paramref name="source"/> between <paramref name="from"/> and <paramref name="to"/>, as findings.</summary>
    /// <exception cref="IntegrationException">Prometheus is not configured or a query failed.</exception>
    public async Task<IReadOnlyList<Finding>> FindAsync(string source, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        var settings = options.Value.Prometheus;
        var detector = new MetricShiftDetector(new MetricShiftOptions(Threshold: settings.Threshold));
        var findings = new List<Finding>();
        foreach (var (signal, template) in settings.EffectiveQueries)
        {
            var query = PrometheusOptions.ForService(template, source);
            foreach (var series in await prometheus.QueryRangeAsync(query, from - settings.BaselineLookback, to, settings.Step, cancellationToken))
            {
                findings.AddRange(detector.Detect(new MetricSeries(source, signal, query, series.Labels, settings.Step, series.Samples), from));
            }
        }

        return findings;
    }

    /// <summary>
    /// What an answer about logs cites: the anomalies of <paramref name="sources"/> over the time the log findings span.
    /// None when Prometheus is not configured or the logs found nothing; a failed query is logged and leaves the
    /// answer from the logs as it was.
    /// </summary>
    public async Task<IReadOnlyList<Finding>> AroundAsync(IEnumerable<string> sources, IReadOnlyList<Finding> logFindings, CancellationToken cancellationToken)
    {
        if (!IsConfigured || logFindings.Count == 0)
        {
            return [];
        }

        var (from, to) = (logFindings.Min(f => f.WindowStart), logFindings.Max(f => f.WindowEnd));
        var cited = new List<Finding>();
        foreach (var source in sources.Distinct())
        {
            try
            {
                cited.AddRange(await FindAsync(source, from, to, cancellationToken));
            }
            catch (IntegrationException exception)
            {
                logger.LogWarning("Metrics of {Source} not cited: {Reason}", source, exception.Message);
            }
        }

        return cited;
    }
}
