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

/// <summary>What one run of <c>fm</c> is given besides its arguments.</summary>
/// <param name="StandardInput">Bytes fm reads from a pipe on standard input; null to inherit the test's.</param>
/// <param name="KillAfter">
/// A bound for a run that could hang when the code under test is wrong: the run is killed and fails the test with what
/// it printed. Null to wait as long as it takes.
/// </param>
/// <param name="Signal">A signal to send fm once a condition holds while it runs, as a user's Ctrl-C or a supervisor's stop would.</param>
public sealed record FmRunOptions(byte[]? StandardInput = null, TimeSpan? KillAfter = null, FmSignal? Signal = null);

/// <summary>Sends <paramref name="Name"/> (<c>INT</c>, <c>TERM</c>) to a running fm as soon as <paramref name="When"/> holds (checked every 20 ms).</summary>
public sealed record FmSignal(string Name, Func<bool> When);

/// <summary>
/// Runs the built <c>fm</c> binary as a user would: its own process, configured by environment variables. Unless the
/// environment names one, <c>FAULTMAVEN_HOME</c> is an empty folder of its own, so that a developer's running instance
/// (whose connection file fm would read) cannot change what a test sees.
/// </summary>
public static class FmCommand
{
    public static FmResult Run(IReadOnlyDictionary<string, string> environment, params string[] arguments) =>
        Run(environment, new FmRunOptions(), arguments);

    public static FmResult Run(IReadOnlyDictionary<string, string> environment, FmRunOptions options, params string[] arguments)
    {
        if (environment.ContainsKey("FAULTMAVEN_HOME"))
        {
            return RunIn(environment, options, arguments);
        }

        var home = Directory.CreateTempSubdirectory("fm-home-");
        try
        {
            return RunIn(new Dictionary<string, string>(environment) { ["FAULTMAVEN_HOME"] = home.FullName }, options, arguments);
        }
        finally
        {
            home.Delete(recursive: true);
        }
    }

    private static FmResult RunIn(IReadOnlyDictionary<string, string> environment, FmRunOptions options, string[] arguments)
    {
        var fm = Path.Combine(RepositoryPaths.Root, "src", "FaultMaven.Cli", "bin", RepositoryPaths.BuildConfiguration, "net10.0", "fm.dll");
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = options.StandardInput is not null, WorkingDirectory = Path.GetDirectoryName(fm)!,
        };
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
        var standardError = process.StandardError.ReadToEndAsync();
        if (options.StandardInput is { } input)
        {
            process.StandardInput.BaseStream.Write(input);
            process.StandardInput.Close();
        }

        if (options.Signal is { } signal)
        {
            while (!process.WaitForExit(20) && !signal.When())
            {
            }

            Signals.Send(process, signal.Name);
        }

        if (!process.WaitForExit(options.KillAfter ?? Timeout.InfiniteTimeSpan))
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
            throw new TimeoutException($"fm {string.Join(' ', arguments)} still ran after {options.KillAfter}:\n{standardOutput.Result}{standardError.Result}");
        }

        process.WaitForExit();
        return new FmResult(process.ExitCode, standardOutput.Result, standardError.Result);
    }
}
