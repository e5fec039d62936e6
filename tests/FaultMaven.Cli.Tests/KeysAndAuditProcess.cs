using System.Diagnostics;
using FaultMaven.Storage.Encryption;

namespace FaultMaven.Cli.Tests;

/// <summary>
/// Runs the real <c>fm</c> in a child process against a database and a fresh key file (one all-zero key, "old"),
/// configured as an operator would: through the environment.
/// </summary>
internal sealed class KeysAndAuditProcess : IDisposable
{
    public const string FirstKeyId = "old";

    private readonly string connectionString;
    private readonly string directory = Directory.CreateTempSubdirectory("fm-keys-").FullName;

    public KeysAndAuditProcess(string connectionString)
    {
        this.connectionString = connectionString;
        KeyFile = Path.Combine(directory, "keys.json");
        new KeyFile(FirstKeyId, new Dictionary<string, string> { [FirstKeyId] = Convert.ToBase64String(new byte[KeyRing.KeySize]) }).Write(KeyFile);
    }

    public string KeyFile { get; }

    public (int ExitCode, string Output) Run(params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = directory,
            Environment =
            {
                ["FAULTMAVEN__POSTGRES__CONNECTIONSTRING"] = connectionString,
                ["FAULTMAVEN__ENCRYPTION__KEYFILE"] = KeyFile,
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

    public void Dispose() => Directory.Delete(directory, recursive: true);
}
