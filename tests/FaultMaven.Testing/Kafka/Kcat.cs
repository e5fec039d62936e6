using System.Diagnostics;
using System.Text.Json;

namespace FaultMaven.Testing.Kafka;

/// <summary>The external <c>kcat</c> client (Debian package kcat), a real non-.NET Kafka client for tests.</summary>
public static class Kcat
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    /// <summary>Produces one record per line.</summary>
    public static void Produce(string bootstrapServers, string topic, IEnumerable<string> lines) =>
        Run(["-P", "-b", bootstrapServers, "-t", topic], string.Join('\n', lines) + "\n");

    /// <summary>Reads <paramref name="count"/> record values from the beginning of the topic, one per line.</summary>
    public static IReadOnlyList<string> Consume(string bootstrapServers, string topic, int count) =>
        Run(["-C", "-b", bootstrapServers, "-t", topic, "-o", "beginning", "-c", count.ToString(), "-q"])
            .Split('\n', StringSplitOptions.RemoveEmptyEntries);

    /// <summary>Topic name to partition count, from the cluster's metadata (<c>kcat -L -J</c>).</summary>
    public static IReadOnlyDictionary<string, int> ListTopics(string bootstrapServers)
    {
        using var metadata = JsonDocument.Parse(Run(["-L", "-J", "-b", bootstrapServers]));
        return metadata.RootElement.GetProperty("topics").EnumerateArray().ToDictionary(
            topic => topic.GetProperty("topic").GetString()!,
            topic => topic.GetProperty("partitions").GetArrayLength());
    }

    private static string Run(IReadOnlyList<string> arguments, string? input = null)
    {
        var start = new ProcessStartInfo(FindOnPath())
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        process.StandardInput.Write(input);
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(Timeout))
        {
            process.Kill();
            throw new TimeoutException($"kcat {string.Join(' ', arguments)} did not finish within {Timeout.TotalSeconds} s: {error.Result}");
        }

        return process.ExitCode == 0
            ? output.Result
            : throw new InvalidOperationException($"kcat {string.Join(' ', arguments)} exited with {process.ExitCode}: {error.Result}");
    }

    private static string FindOnPath() =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator)
            .Select(folder => Path.Combine(folder, "kcat"))
            .FirstOrDefault(File.Exists)
        ?? throw new InvalidOperationException("kcat is not on PATH. Run scripts/test.sh, which installs it, or `apt-get install -y kcat`.");
}
