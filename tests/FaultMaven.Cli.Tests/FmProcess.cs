using FaultMaven.Testing.Processes;

namespace FaultMaven.Cli.Tests;

/// <summary>Runs the built <c>fm</c> binary as a user would, and returns its exit code and output.</summary>
public static class FmProcess
{
    public static async Task<(int ExitCode, string Output)> Run(IReadOnlyDictionary<string, string> environment, params string[] arguments)
    {
        await using var fm = ServiceProcess.Start("FaultMaven.Cli", "fm", environment, arguments);
        var exitCode = await fm.WaitForExit(TimeSpan.FromSeconds(60));
        return (exitCode, fm.Output);
    }
}
