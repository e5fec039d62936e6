using System.Runtime.Versioning;
using FaultMaven.Contracts;
using FaultMaven.Storage;
using FaultMaven.Storage.Encryption;
using FaultMaven.Testing.Postgres;

namespace FaultMaven.Cli.Tests;

[UnsupportedOSPlatform("windows")]
public sealed class KeysCommandTests(PostgresFixture postgres) : IClassFixture<PostgresFixture>, IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("fm-keys-cli-").FullName;

    [Fact]
    public async Task Keys_rotate_makes_a_new_key_active_and_reseals_every_row_so_the_old_key_is_not_needed()
    {
        var keyFile = Path.Combine(directory, "keys.json");
        new KeyFile("old", new Dictionary<string, string> { ["old"] = Convert.ToBase64String(new byte[KeyRing.KeySize]) }).Write(keyFile);
        var options = new EncryptionOptions { KeyFile = keyFile };
        var events = Enumerable.Range(0, 40).Select(offset => new LogEvent(
            DateTimeOffset.UnixEpoch.AddSeconds(offset), "cli-rotate", null, null, Severity.Info, $"secret {offset}",
            new Dictionary<string, string>(), new RawOffset("logs.raw", 0, offset))).ToList();
        await new LogRepository(postgres.DataSource, new FieldCipher(() => KeySources.Load(options))).InsertAsync(events);
        var fm = new KeysAndAuditProcess(postgres.ConnectionString, keyFile);

        var (exitCode, output) = fm.Run("keys", "rotate", "--batch-size", "7");

        Assert.True(exitCode == 0, output);
        var rotated = KeyFile.Read(keyFile);
        Assert.NotEqual("old", rotated.ActiveKeyId);
        Assert.Contains($"every row is on key {rotated.ActiveKeyId}", output, StringComparison.Ordinal);
        var onlyNewKey = new FieldCipher(() => KeySources.Load(new EncryptionOptions
        {
            ActiveKeyId = rotated.ActiveKeyId, Keys = { [rotated.ActiveKeyId] = rotated.Keys[rotated.ActiveKeyId] },
        }));
        var page = await new LogRepository(postgres.DataSource, onlyNewKey).QueryAsync(new LogQuery { Source = "cli-rotate" });
        Assert.Equal(events.Select(e => e.Message).Order(), page.Items.Select(log => log.Event.Message).Order());

        var (statusExit, status) = fm.Run("keys", "status");
        Assert.True(statusExit == 0, status);
        Assert.Contains($"{rotated.ActiveKeyId} (active)", status, StringComparison.Ordinal);
        Assert.DoesNotContain("old ", status, StringComparison.Ordinal);
    }

    [Fact]
    public void A_key_file_others_can_read_stops_the_command_with_the_fix()
    {
        var keyFile = Path.Combine(directory, "keys.json");
        new KeyFile("k", new Dictionary<string, string> { ["k"] = Convert.ToBase64String(new byte[KeyRing.KeySize]) }).Write(keyFile);
        File.SetUnixFileMode(keyFile, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.OtherRead);

        var (exitCode, output) = new KeysAndAuditProcess(postgres.ConnectionString, keyFile).Run("keys", "status");

        Assert.NotEqual(0, exitCode);
        // Spectre wraps the error message at the console width, anywhere in it.
        Assert.Contains($"chmod600{keyFile}", string.Concat(output.Where(c => !char.IsWhiteSpace(c))), StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(directory, recursive: true);
}
