using FaultMaven.Analysis.Incidents;
using FaultMaven.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FaultMaven.Integrations.Alertmanager;

/// <summary>What the webhook did with one alert.</summary>
/// <param name="Outcome">
/// <c>opened</c> (a new incident), <c>joined</c> (an open incident of its source), <c>stored</c> (as a finding in no
/// incident: its severity opens none, <c>FaultMaven:Incidents</c>, and its source has none open), <c>repeated</c> (already filed),
/// <c>resolved</c> (other alerts of its incident still fire), <c>resolved-incident</c> (its incident resolved with it),
/// <c>unknown</c> (a resolved alert never seen firing: nothing to resolve).
/// </param>
/// <param name="AnalysisQueued">Whether an analysis of the source's logs for the alert window was queued.</param>
public sealed record AlertReceipt(string Fingerprint, string Status, string Source, string? IncidentId, string Outcome, bool AnalysisQueued);

/// <summary>
/// Files Alertmanager's alerts: a firing alert becomes a finding that opens or joins an incident of its source (by
/// the same grouping and opening rule as detector findings: an <c>info</c> alert opens none), a resolved one resolves
/// its incident once no other alert of it fires.
/// Each alert queues an analysis of its source's logs for the alert window.
/// </summary>
public sealed class AlertIntake(
    FindingRepository findings, FindingFiler filer, IncidentRepository incidents, AlertRepository alerts, IncidentAnalysisQueue analyses,
    IOptions<IntegrationsOptions> options, TimeProvider clock, ILogger<AlertIntake> logger)
{
    /// <summary>Files every alert of a validated webhook payload, in the order sent.</summary>
    public async Task<IReadOnlyList<AlertReceipt>> ReceiveAsync(AlertmanagerWebhook webhook, CancellationToken cancellationToken)
    {
        var receipts = new List<AlertReceipt>();
        foreach (var alert in webhook.Alerts!.Select(a => a!))
        {
            receipts.Add(alert.IsResolved ? await ResolveAsync(alert, cancellationToken) : await FireAsync(alert, cancellationToken));
        }

        logger.LogInformation(
            "Alertmanager notification from receiver {Receiver} ({GroupKey}): {Outcomes}",
            webhook.Receiver, webhook.GroupKey, string.Join(", ", receipts.Select(r => $"{r.Fingerprint} {r.Outcome} {r.IncidentId}")));
        return receipts;
    }

    /// <summary>The source each alert of a validated payload is about.</summary>
    public IEnumerable<string> SourcesOf(AlertmanagerWebhook webhook) =>
        webhook.Alerts!.Select(alert => AlertMapping.SourceOf(alert!, options.Value.Alertmanager)).Distinct();

    private async Task<AlertReceipt> FireAsync(AlertmanagerAlert alert, CancellationToken cancellationToken)
    {
        var source = AlertMapping.SourceOf(alert, options.Value.Alertmanager);
        var finding = AlertMapping.ToFinding(alert, source);
        var fingerprint = AlertMapping.FingerprintOf(alert);
        string outcome;
        var filed = (await findings.GetAsync(finding.Id, cancellationToken))?.IncidentId;
        if (filed is null)
        {
            filed = (await filer.FileAsync([finding], cancellationToken)).GetValueOrDefault(finding.Id);
            outcome = filed is null ? "stored" : filed == IncidentGrouping.NewIncidentId(finding.Id) ? "opened" : "joined";
        }
        else
        {
            outcome = "repeated";
        }

        await alerts.RecordFiringAsync(
            new StoredAlert(fingerprint, finding.WindowStart, AlertRepository.Firing, null, source, AlertMapping.NameOf(alert),
                alert.Labels!, alert.Annotations ?? new Dictionary<string, string>(), alert.GeneratorUrl, finding.Id, filed),
            cancellationToken);

        // A repeat (Alertmanager's repeat_interval) asks for nothing new: the window was analyzed when the alert was filed.
        var queued = outcome != "repeated" && filed is not null && Analyze(alert, source, filed);
        return new AlertReceipt(fingerprint, AlertmanagerAlert.Firing, source, filed, outcome, queued);
    }

    private async Task<AlertReceipt> ResolveAsync(AlertmanagerAlert alert, CancellationToken cancellationToken)
    {
        var source = AlertMapping.SourceOf(alert, options.Value.Alertmanager);
        var fingerprint = AlertMapping.FingerprintOf(alert);
        if (await alerts.ResolveAsync(fingerprint, alert.StartsAt!.Value, alert.EndsAt!.Value, cancellationToken) is not { } resolution)
        {
            return new AlertReceipt(fingerprint, AlertmanagerAlert.Resolved, source, null, "unknown", false);
        }

        var outcome = "resolved";
        if (resolution is { IncidentId: { } incident, LastFiring: true })
        {
            await incidents.ResolveAsync(incident, AlertMapping.ResolutionOf(alert), alert.EndsAt.Value.ToUniversalTime(), cancellationToken);
            outcome = "resolved-incident";
        }

        // Analyzed again over the whole window now that its end is known: what happened while it fired.
        var queued = resolution.IncidentId is { } id && Analyze(alert, source, id);
        return new AlertReceipt(fingerprint, AlertmanagerAlert.Resolved, source, resolution.IncidentId, outcome, queued);
    }

    private bool Analyze(AlertmanagerAlert alert, string source, string incidentId)
    {
        var (from, to) = AlertMapping.WindowOf(alert, options.Value.Alertmanager.LogLookback, clock.GetUtcNow());
        var queued = analyses.TryEnqueue(new IncidentAnalysis(incidentId, source, from, to));
        if (!queued)
        {
            logger.LogWarning("Analysis queue full ({Capacity}): the logs of {Source} for incident {IncidentId} are not analyzed", IncidentAnalysisQueue.Capacity, source, incidentId);
        }

        return queued;
    }
}
