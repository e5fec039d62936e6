using System.Diagnostics;

namespace FaultMaven.Testing.Processes;

/// <summary>
/// Client libraries from the npm registry (tests/clients: Splunk's splunk-logging, kafkajs), driven through small node
/// scripts there, so that tests prove FaultMaven works with real clients, not only with requests written by hand.
/// </summary>
public static class NodeClients
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(3);
    private static readonly SemaphoreSlim InstallLock = new(1, 1);

    public static string Folder { get; } = Path.Combine(RepositoryPaths.Root, "tests", "clients");

    /// <summary>Runs <c>node SCRIPT ARGUMENTS</c> in <see cref="Folder"/>, installing the locked packages first if they are missing.</summary>
    /// <returns>The exit code and everything the script wrote, standard output then standard error.</returns>
    public static async Task<(int ExitCode, string Output)> RunAsync(string script, params string[] arguments)
    {
        await EnsureInstalledAsync();
        return await RunProcessAsync("node", [script, .. arguments]);
    }

    private static async Task EnsureInstalledAsync()
    {
        await InstallLock.WaitAsync();
        try
        {
            if (Directory.Exists(Path.Combine(Folder, "node_modules")))
            {
                return;
            }

            var (exitCode, output) = await RunProcessAsync("npm", ["ci", "--no-audit", "--no-fund"]);
            if (exitCode != 0)
            {
                throw new InvalidOperationException($"npm ci in {Folder} failed ({exitCode}); scripts/test.sh runs it too:\n{output}");
            }
        }
        finally
        {
            InstallLock.Release();
        }
    }

    private static async Task<(int ExitCode, string Output)> RunProcessAsync(string program, IReadOnlyList<string> arguments)
    {
        var start = new ProcessStartInfo(program) { WorkingDirectory = Folder, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{program} did not start; install Node.js (apt-get install -y nodejs npm)");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(Timeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{program} {string.Join(' ', arguments)} did not finish within {Timeout.TotalMinutes} min:\n{await output}\n{await error}");
        }

        return (process.ExitCode, await output + await error);
    }
}
