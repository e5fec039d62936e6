using FaultMaven.Storage.Encryption;

namespace FaultMaven.Storage.Tests;

[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class KeySourcesTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("fm-keys-").FullName;

    [Fact]
    public void Inline_keys_load_with_the_configured_active_key()
    {
        var ring = KeySources.Load(new EncryptionOptions { ActiveKeyId = "a", Keys = { ["a"] = Convert.ToBase64String(TestKeys.A) } });

        Assert.Equal("a", ring.ActiveKeyId);
        Assert.Equal(TestKeys.A, ring.ActiveKey);
    }

    [Fact]
    public void A_key_file_readable_by_owner_only_supplies_keys_and_the_active_id()
    {
        var path = Path.Combine(directory, "keys.json");
        TestKeys.File("b", "a", "b").Write(path);

        var ring = KeySources.Load(new EncryptionOptions { KeyFile = path });

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        Assert.Equal("b", ring.ActiveKeyId);
        Assert.Equal(["a", "b"], ring.KeyIds.Order());
    }

    [Fact]
    public void A_key_file_others_can_read_is_refused_with_the_chmod_to_run()
    {
        var path = Path.Combine(directory, "keys.json");
        TestKeys.File("a", "a").Write(path);
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);

        var error = Assert.Throws<EncryptionConfigurationException>(() => KeySources.Load(new EncryptionOptions { KeyFile = path }));

        Assert.Contains("has permissions 644", error.Message, StringComparison.Ordinal);
        Assert.Contains($"chmod 600 {path}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_mounted_secret_directory_supplies_one_key_per_file_and_skips_its_bookkeeping_entries()
    {
        File.WriteAllText(Path.Combine(directory, "a"), Convert.ToBase64String(TestKeys.A) + "\n");
        File.WriteAllText(Path.Combine(directory, "..data"), "not a key");

        var ring = KeySources.Load(new EncryptionOptions { KeyDirectory = directory, ActiveKeyId = "a" });

        Assert.Equal(["a"], ring.KeyIds);
    }

    [Theory]
    [InlineData("not base64!", "Encryption key 'k1' in FaultMaven:Encryption:Keys:k1 is not base64")]
    [InlineData("AAAA", "Encryption key 'k1' is 3 bytes; it must be 32")]
    public void A_bad_key_is_named_in_the_error(string value, string expected)
    {
        var error = Assert.Throws<EncryptionConfigurationException>(
            () => KeySources.Load(new EncryptionOptions { ActiveKeyId = "k1", Keys = { ["k1"] = value } }));

        Assert.StartsWith(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_active_key_id_without_a_key_is_named_with_the_keys_present()
    {
        var error = Assert.Throws<EncryptionConfigurationException>(
            () => KeySources.Load(new EncryptionOptions { ActiveKeyId = "c", Keys = { ["a"] = Convert.ToBase64String(TestKeys.A) } }));

        Assert.Equal("The active encryption key 'c' is not among the configured keys (a).", error.Message);
    }

    [Fact]
    public void No_key_at_all_says_where_keys_can_be_configured()
    {
        var error = Assert.Throws<EncryptionConfigurationException>(() => KeySources.Load(new EncryptionOptions { ActiveKeyId = "a" }));

        Assert.StartsWith("No encryption key is configured: set FaultMaven:Encryption:KeyFile", error.Message, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(directory, recursive: true);
}
