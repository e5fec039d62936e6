namespace FaultMaven.Cli.Tests;

/// <summary>A small log of request sessions for <c>fm detect</c>, in the layout <see cref="Format"/> names.</summary>
internal static class SessionLogs
{
    public const string Format = "<Date> <Time> <Level> <Component>: <Content>";

    /// <summary>
    /// Writes 300 requests that start and finish, one that never finishes (<paramref name="idPrefix"/>900) and one that
    /// fails (<paramref name="idPrefix"/>901), each session id being the prefix and a number; returns <paramref name="path"/>.
    /// </summary>
    public static string Write(string path, string idPrefix = "req-")
    {
        var lines = new List<string>();
        for (var i = 0; i < 300; i++)
        {
            lines.Add($"2025-01-01 00:{i / 60:00}:{i % 60:00} INFO api: request {idPrefix}{i} started for user u{i % 17}");
            lines.Add($"2025-01-01 00:{i / 60:00}:{i % 60:00} INFO api: request {idPrefix}{i} finished in {i % 50 + 3} ms");
        }

        lines.Add($"2025-01-01 00:06:00 INFO api: request {idPrefix}900 started for user u1");
        lines.Add($"2025-01-01 00:06:01 INFO api: request {idPrefix}901 started for user u2");
        lines.Add($"2025-01-01 00:06:02 ERROR api: request {idPrefix}901 failed: upstream timeout after 30000 ms");
        lines.Add($"2025-01-01 00:06:03 INFO api: request {idPrefix}901 finished in 30001 ms");
        File.WriteAllLines(path, lines);
        return path;
    }
}
