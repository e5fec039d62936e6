namespace FaultMaven.Analysis.Normalization;

/// <summary>The line formats the normalizer understands; <see cref="Auto"/> detects one per line (and learns a <see cref="Header"/> layout per source).</summary>
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

    /// <summary>A header layout of <see cref="Headers.HeaderCatalog"/> learned from the source's first lines (HDFS, Hadoop, BGL, Spark, Zookeeper, syslog files…).</summary>
    Header,

    /// <summary>A row of a table pasted as text (<c>kubectl describe</c>, <c>docker ps</c>, <c>psql</c>); see <see cref="TextTables"/>.</summary>
    TextTable,
}
