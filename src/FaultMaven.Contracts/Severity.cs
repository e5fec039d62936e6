namespace FaultMaven.Contracts;

/// <summary>Normalized log level; the order is the order of seriousness.</summary>
public enum Severity
{
    Unknown = 0,
    Trace = 1,
    Debug = 2,
    Info = 3,
    Warn = 4,
    Error = 5,
    Fatal = 6,
}
