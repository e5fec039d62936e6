using System.Diagnostics;
using FaultMaven.Testing.Processes;

namespace FaultMaven.LoadDriver;

/// <summary>Runs a bash command with scripts/lib/postgres.sh and scripts/lib/keys.sh sourced, as scripts/run.sh does; the benches start PostgreSQL and keys through it.</summary>
public static class ScriptLib
{
    /// <summary>Runs <paramref name="command"/>, in which <c>$1</c> is <paramref name="folder"/>, and returns its standard output.</summary>
    /// <exception cref="InvalidOperationException">The command failed; the message carries its standard error.</exception>
    public static async Task<string> RunAsync(string folder, string command)
    {
        var lib = Path.Combine(RepositoryPaths.Root, "scripts", "lib");
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { "-c", $"source \"$0/postgres.sh\" && source \"$0/keys.sh\" && {command}", lib, folder })
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start bash");
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return process.ExitCode == 0
            ? await output
            : throw new InvalidOperationException($"scripts/lib ({command.Trim()}) failed with exit code {process.ExitCode}:\n{await errors}");
    }
}
