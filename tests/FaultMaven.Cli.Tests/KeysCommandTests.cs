using System.Runtime.Versioning;
using FaultMaven.Contracts;
using FaultMaven.Storage;
using FaultMaven.Storage.Encryption;
using FaultMaven.Testing.Postgres;

namespace FaultMaven.Cli.Tests;

[UnsupportedOSPlatform("windows")]
public sealed class KeysCommandTests(PostgresFixture postgres) : IClassFixture<PostgresFixture>
{
    [Fact]
    public async Task Keys_rotate_makes_a_new_key_active_and_reseals_every_row_so_the_old_key_is_not_needed()
    {
        using var fm = new KeysAndAuditProcess(postgres.ConnectionString);
        var options = new EncryptionOptions { KeyFile = fm.KeyFile };
        var events = Enumerable.Range(0, 40).Select(offset => new LogEvent(
            DateTimeOffset.UnixEpoch.AddSeconds(offset), "cli-rotate", null, null, Severity.Info, $"secret {offset}",
            new Dictionary<string, string>(), new RawOffset("logs.raw", 0, offset))).ToList();
        await new LogRepository(postgres.DataSource, new FieldCipher(() => KeySources.Load(options))).InsertAsync(events);

        var (exitCode, output) = fm.Run("keys", "rotate", "--batch-size", "7");

        Assert.True(exitCode == 0, output);
        var rotated = KeyFile.Read(fm.KeyFile);
        Assert.NotEqual(KeysAndAuditProcess.FirstKeyId, rotated.ActiveKeyId);
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
        Assert.DoesNotContain(KeysAndAuditProcess.FirstKeyId + " ", status, StringComparison.Ordinal);
    }

    [Fact]
    public void A_key_file_others_can_read_stops_the_command_with_the_fix()
    {
        using var fm = new KeysAndAuditProcess(postgres.ConnectionString);
        File.SetUnixFileMode(fm.KeyFile, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.OtherRead);

        var (exitCode, output) = fm.Run("keys", "status");

        Assert.NotEqual(0, exitCode);
        // Spectre wraps the error message at the console width, anywhere in it.
        Assert.Contains($"chmod600{fm.KeyFile}", string.Concat(output.Where(c => !char.IsWhiteSpace(c))), StringComparison.Ordinal);
    }
}
