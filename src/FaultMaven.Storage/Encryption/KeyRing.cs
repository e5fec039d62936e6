using System.Collections.Frozen;
using System.Text;
using System.Text.RegularExpressions;

namespace FaultMaven.Storage.Encryption;

/// <summary>A validated set of 256-bit keys by id, and the id of the one new values are sealed with.</summary>
public sealed partial class KeyRing
{
    public const int KeySize = 32;

    private readonly FrozenDictionary<string, byte[]> keys;

    public KeyRing(IReadOnlyDictionary<string, byte[]> keys, string activeKeyId)
    {
        foreach (var (id, key) in keys)
        {
            ValidateId(id);
            if (key.Length != KeySize)
            {
                throw new EncryptionConfigurationException($"Encryption key '{id}' is {key.Length} bytes; it must be {KeySize} random bytes (AES-256).");
            }
        }

        if (keys.Count == 0)
        {
            throw new EncryptionConfigurationException(
                $"No encryption key is configured: set {EncryptionOptions.SectionName}:KeyFile, :KeyDirectory or :Keys:<id> (see docs/security.md).");
        }

        if (!keys.ContainsKey(activeKeyId))
        {
            throw new EncryptionConfigurationException(
                $"The active encryption key '{activeKeyId}' is not among the configured keys ({string.Join(", ", keys.Keys.Order())}).");
        }

        this.keys = keys.ToFrozenDictionary(StringComparer.Ordinal);
        ActiveKeyId = activeKeyId;
        ActiveKeyIdBytes = Encoding.ASCII.GetBytes(activeKeyId);
        ActiveKey = this.keys[activeKeyId];
    }

    public string ActiveKeyId { get; }

    /// <summary><see cref="ActiveKeyId"/> as the ASCII bytes every sealed value's header carries.</summary>
    public ReadOnlyMemory<byte> ActiveKeyIdBytes { get; }

    public IEnumerable<string> KeyIds => keys.Keys;

    public byte[] ActiveKey { get; }

    public bool TryGetKey(string id, out byte[] key) => keys.TryGetValue(id, out key!);

    /// <summary>Ids are stored in every sealed value, so they are short ASCII names.</summary>
    public static void ValidateId(string id)
    {
        if (!IdPattern().IsMatch(id))
        {
            throw new EncryptionConfigurationException(
                $"Encryption key id '{id}' is not valid: use 1 to 64 letters, digits, '.', '_' or '-'.");
        }
    }

    public static byte[] DecodeKey(string id, string base64, string origin)
    {
        try
        {
            return Convert.FromBase64String(base64.Trim());
        }
        catch (FormatException)
        {
            throw new EncryptionConfigurationException($"Encryption key '{id}' in {origin} is not base64; generate one with `head -c 32 /dev/urandom | base64`.");
        }
    }

    [GeneratedRegex("^[A-Za-z0-9._-]{1,64}$")]
    private static partial Regex IdPattern();
}
