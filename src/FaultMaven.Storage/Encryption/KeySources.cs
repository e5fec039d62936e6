namespace FaultMaven.Storage.Encryption;

/// <summary>Loads the <see cref="KeyRing"/> from every configured source: inline keys, the key file and the key directory.</summary>
public static class KeySources
{
    public static KeyRing Load(EncryptionOptions options)
    {
        var keys = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var (id, base64) in options.Keys)
        {
            Add(keys, id, base64, $"{EncryptionOptions.SectionName}:Keys:{id}");
        }

        string? fileActiveKeyId = null;
        if (!string.IsNullOrWhiteSpace(options.KeyFile))
        {
            var file = KeyFile.Read(options.KeyFile);
            foreach (var (id, base64) in file.Keys)
            {
                Add(keys, id, base64, $"key file {options.KeyFile}");
            }

            fileActiveKeyId = file.ActiveKeyId;
        }

        if (!string.IsNullOrWhiteSpace(options.KeyDirectory))
        {
            foreach (var path in KeyDirectoryFiles(options.KeyDirectory))
            {
                Add(keys, Path.GetFileName(path), File.ReadAllText(path), $"key directory {options.KeyDirectory}");
            }
        }

        var activeKeyId = options.ActiveKeyId ?? fileActiveKeyId ?? throw new EncryptionConfigurationException(
            $"{EncryptionOptions.SectionName}:ActiveKeyId is not set and no key file names an activeKeyId.");
        return new KeyRing(keys, activeKeyId);
    }

    // A mounted Kubernetes secret also holds "..data" and "..<timestamp>" entries used to swap it atomically.
    private static IEnumerable<string> KeyDirectoryFiles(string directory) =>
        Directory.Exists(directory)
            ? Directory.EnumerateFiles(directory).Where(path => !Path.GetFileName(path).StartsWith("..", StringComparison.Ordinal))
            : throw new EncryptionConfigurationException($"{EncryptionOptions.SectionName}:KeyDirectory {directory} does not exist.");

    private static void Add(Dictionary<string, byte[]> keys, string id, string base64, string origin)
    {
        KeyRing.ValidateId(id);
        var key = KeyRing.DecodeKey(id, base64, origin);
        if (keys.TryGetValue(id, out var existing) && !existing.AsSpan().SequenceEqual(key))
        {
            throw new EncryptionConfigurationException($"Encryption key '{id}' in {origin} differs from the key with the same id in another source.");
        }

        keys[id] = key;
    }
}
