using System.Diagnostics;

namespace FaultMaven.Cli.Tests;

/// <summary>Runs the real <c>fm</c> in a child process against a database and a key file, configured as an operator would: through the environment.</summary>
internal sealed record KeysAndAuditProcess(string ConnectionString, string KeyFile)
{
    public (int ExitCode, string Output) Run(params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetDirectoryName(KeyFile)!,
            Environment =
            {
                ["FAULTMAVEN__POSTGRES__CONNECTIONSTRING"] = ConnectionString,
                ["FAULTMAVEN__ENCRYPTION__KEYFILE"] = KeyFile,
                ["COLUMNS"] = "240",
            },
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "fm.dll"));
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var standardOutput = process.StandardOutput.ReadToEndAsync();
        var standardError = process.StandardError.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, standardOutput.Result + standardError);
    }
}
