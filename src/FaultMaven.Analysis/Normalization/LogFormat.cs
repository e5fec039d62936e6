namespace FaultMaven.Analysis.Normalization;

/// <summary>The line formats the normalizer understands; <see cref="Auto"/> detects one per line.</summary>
public enum LogFormat
{
    Auto = 0,
    Json,
    Csv,
    Logfmt,
    Syslog,
    Journald,
    AccessLog,
    WebServerError,
    Klog,
    Postgres,
    LoggingLayout,
    KubectlEvents,
    PlainText,
}
