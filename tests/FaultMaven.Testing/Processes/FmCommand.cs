using System.Diagnostics;

namespace FaultMaven.Testing.Processes;

/// <summary>What one run of the <c>fm</c> command printed, with its exit code.</summary>
public sealed record FmResult(int ExitCode, string StandardOutput, string StandardError)
{
    public string Output => StandardOutput + StandardError;

    /// <summary>
    /// Standard output as a person reads it: table borders dropped, and the pieces of a cell wrapped over several lines
    /// (fm fits its tables in 80 columns) joined by spaces.
    /// </summary>
    public string Text => string.Join(' ', StandardOutput.Split('\n').SelectMany(line => line.Split('│')).Select(cell => cell.Trim()).Where(cell => cell.Length > 0));
}

/// <summary>
/// Runs the built <c>fm</c> binary as a user would: its own process, configured by environment variables. Unless the
/// environment names one, <c>FAULTMAVEN_HOME</c> is an empty folder of its own, so that a developer's running instance
/// (whose connection file fm would read) cannot change what a test sees.
/// </summary>
public static class FmCommand
{
    public static FmResult Run(IReadOnlyDictionary<string, string> environment, params string[] arguments)
    {
        if (environment.ContainsKey("FAULTMAVEN_HOME"))
        {
            return RunIn(environment, arguments);
        }

        var home = Directory.CreateTempSubdirectory("fm-home-");
        try
        {
            return RunIn(new Dictionary<string, string>(environment) { ["FAULTMAVEN_HOME"] = home.FullName }, arguments);
        }
        finally
        {
            home.Delete(recursive: true);
        }
    }

    private static FmResult RunIn(IReadOnlyDictionary<string, string> environment, string[] arguments)
    {
        var fm = Path.Combine(RepositoryPaths.Root, "src", "FaultMaven.Cli", "bin", RepositoryPaths.BuildConfiguration, "net10.0", "fm.dll");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = Path.GetDirectoryName(fm)! };
        start.ArgumentList.Add(fm);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {fm}");
        var standardOutput = process.StandardOutput.ReadToEndAsync();
        var standardError = process.StandardError.ReadToEnd();
        process.WaitForExit();
        return new FmResult(process.ExitCode, standardOutput.Result, standardError);
    }
}
