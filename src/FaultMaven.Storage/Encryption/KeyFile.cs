using System.Security.Cryptography;
using System.Text.Json;

namespace FaultMaven.Storage.Encryption;

/// <summary>The JSON key file: <c>{"activeKeyId": "k1", "keys": {"k1": "base64 of 32 bytes"}}</c>, readable by its owner only.</summary>
public sealed record KeyFile(string ActiveKeyId, Dictionary<string, string> Keys)
{
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    /// <exception cref="EncryptionConfigurationException">The file is missing, readable by others, or not a key file.</exception>
    public static KeyFile Read(string path)
    {
        if (!File.Exists(path))
        {
            throw new EncryptionConfigurationException(
                $"{EncryptionOptions.SectionName}:KeyFile {path} does not exist (scripts/lib/keys.sh `fm_keys_ensure {path}` creates one).");
        }

        if (!OperatingSystem.IsWindows() && File.GetUnixFileMode(path) is var mode && (mode & ~OwnerOnly) != 0)
        {
            throw new EncryptionConfigurationException(
                $"{EncryptionOptions.SectionName}:KeyFile {path} has permissions {Convert.ToString((int)mode, 8)}; "
                + $"it holds the encryption keys, so it must be 600 (chmod 600 {path}).");
        }

        try
        {
            var file = JsonSerializer.Deserialize<KeyFile>(File.ReadAllText(path), Json);
            return file is { ActiveKeyId: not null, Keys: not null }
                ? file
                : throw new EncryptionConfigurationException($"{EncryptionOptions.SectionName}:KeyFile {path} needs \"activeKeyId\" and \"keys\".");
        }
        catch (JsonException e)
        {
            throw new EncryptionConfigurationException($"{EncryptionOptions.SectionName}:KeyFile {path} is not valid JSON: {e.Message}");
        }
    }

    /// <summary>This file plus a new random key, which becomes the active one.</summary>
    public KeyFile WithNewActiveKey(TimeProvider clock)
    {
        var id = NewKeyId(clock);
        return new KeyFile(id, new Dictionary<string, string>(Keys) { [id] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(KeyRing.KeySize)) });
    }

    /// <summary>Replaces the file atomically; the new file is created with permissions 600 before any key is written to it.</summary>
    public void Write(string path)
    {
        var temporary = path + ".tmp";
        // Created anew, so that no earlier file's permissions carry over.
        File.Delete(temporary);
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = OwnerOnly;
        }

        using (var stream = new FileStream(temporary, options))
        {
            JsonSerializer.Serialize(stream, this, Json);
        }

        File.Move(temporary, path, overwrite: true);
    }

    private static string NewKeyId(TimeProvider clock) =>
        $"k{clock.GetUtcNow():yyyyMMddHHmmss}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(2))}";
}
