using FaultMaven.Analysis.Anomaly.Streaming;

namespace FaultMaven.Analysis.Detection;

/// <summary>Every kind of finding FaultMaven raises: the values of <c>Finding.Kind</c> and of the API's <c>kind</c> filter.</summary>
public static class FindingKinds
{
    /// <summary>Sessions a trained model finds unusual (the worker's session model).</summary>
    public const string SessionAnomaly = "session-anomaly";

    /// <summary>An alert from Alertmanager's webhook (<c>POST /ingest/alertmanager</c>).</summary>
    public const string Alert = "alert";

    /// <summary>
    /// A root cause the analysis of submitted logs stated as likely, filed with <c>/logs/analyze?storeAsIncident=true</c>:
    /// its evidence lines, so the stored incident is diagnosed from the lines that decided the analysis, also when they
    /// raised no other finding (a kernel OOM-killer line has no level, so no detector looks at it).
    /// </summary>
    public const string KnownCause = "known-cause";

    public static readonly IReadOnlyList<string> All =
    [
        ErrorBurstOptions.Kind,
        NewTemplateDetector.Kind,
        RareTemplateBurstDetector.Kind,
        RateChangeDetector.Kind,
        SilenceDetector.Kind,
        AuthFailureBurstDetector.Kind,
        SessionAnomaly,
        Alert,
        MetricShiftDetector.Kind,
        KnownCause,
    ];
}
