using FaultMaven.Contracts;

namespace FaultMaven.Agents.Tests.Troubleshooting;

/// <summary>Log events for ranking tests: one per second, in input order, from source "test".</summary>
internal static class LogLines
{
    public static LogEvent Event(int index, string level, string message) => new(
        new DateTimeOffset(2026, 10, 14, 2, 11, 0, TimeSpan.Zero).AddSeconds(index),
        "test",
        null,
        null,
        Enum.Parse<Severity>(level, ignoreCase: true),
        message,
        new Dictionary<string, string>(),
        new RawOffset("test", 0, 0, index));
}
