using FaultMaven.Testing.Processes;

namespace FaultMaven.Cli.Tests;

/// <summary>Runs the built <c>fm</c> binary as a user would, and returns its exit code and output.</summary>
public static class FmProcess
{
    public static Task<(int ExitCode, string Output)> Run(IReadOnlyDictionary<string, string> environment, params string[] arguments)
    {
        var result = FmCommand.Run(environment, arguments);
        return Task.FromResult((result.ExitCode, result.Output));
    }
}
