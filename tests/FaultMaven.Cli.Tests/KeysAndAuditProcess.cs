using FaultMaven.Testing.Processes;
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
        var result = FmCommand.Run(
            new Dictionary<string, string>
            {
                ["FAULTMAVEN__POSTGRES__CONNECTIONSTRING"] = connectionString,
                ["FAULTMAVEN__ENCRYPTION__KEYFILE"] = KeyFile,
            },
            arguments);
        return (result.ExitCode, result.Output);
    }

    public void Dispose() => Directory.Delete(directory, recursive: true);
}
