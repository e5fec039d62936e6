using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace FaultMaven.Storage.Encryption;

/// <summary>
/// Seals column values with AES-256-GCM into a self-describing envelope:
/// <c>version (1) | key id length (1) | key id (ASCII) | nonce (12) | tag (16) | ciphertext</c>.
/// The header and a context naming the value's table, column and row are authenticated, so a value copied to another
/// row or column, or relabelled with another key id, fails to open.
/// </summary>
public sealed class FieldCipher
{
    public const byte Version = 1;

    /// <summary>Values stored before encryption was introduced: the version byte, then the plaintext; <c>fm keys rotate</c> seals them.</summary>
    public const byte PlaintextVersion = 0;

    private const int NonceSize = 12;
    private const int TagSize = 16;

    // AesGcm expands its key schedule when constructed (a quarter of sealing a log line); instances are not documented
    // as thread-safe, so each thread keeps one per key array (a reloaded ring brings new arrays, so new instances).
    [ThreadStatic]
    private static Dictionary<byte[], AesGcm>? ciphers;

    private readonly Func<KeyRing> loadKeys;
    private volatile KeyRing keys;

    /// <param name="loadKeys">Reads the key sources again; called at construction and when a value names a key not loaded yet (after a rotation elsewhere).</param>
    public FieldCipher(Func<KeyRing> loadKeys)
    {
        this.loadKeys = loadKeys;
        keys = loadKeys();
    }

    public KeyRing Keys => keys;

    public byte[] Seal(ReadOnlySpan<byte> plaintext, ReadOnlySpan<byte> context)
    {
        var ring = keys;
        var keyId = Encoding.ASCII.GetBytes(ring.ActiveKeyId);
        var headerSize = 2 + keyId.Length;
        var envelope = new byte[headerSize + NonceSize + TagSize + plaintext.Length];
        envelope[0] = Version;
        envelope[1] = (byte)keyId.Length;
        keyId.CopyTo(envelope, 2);
        var nonce = envelope.AsSpan(headerSize, NonceSize);
        RandomNumberGenerator.Fill(nonce);

        CipherFor(ring.ActiveKey).Encrypt(nonce, plaintext, envelope.AsSpan(headerSize + NonceSize + TagSize), envelope.AsSpan(headerSize + NonceSize, TagSize),
            AssociatedData(envelope.AsSpan(0, headerSize), context));
        return envelope;
    }

    /// <exception cref="CryptographicException">The value is malformed, names an unknown key, or fails authentication (wrong key, altered, or moved from another row or column).</exception>
    public byte[] Open(ReadOnlySpan<byte> envelope, ReadOnlySpan<byte> context)
    {
        if (envelope.Length > 0 && envelope[0] == PlaintextVersion)
        {
            return envelope[1..].ToArray();
        }

        var keyId = KeyIdOf(envelope) ?? throw new CryptographicException($"Not a sealed value (version byte {(envelope.Length == 0 ? "missing" : envelope[0])}).");
        var headerSize = 2 + keyId.Length;
        if (envelope.Length < headerSize + NonceSize + TagSize)
        {
            throw new CryptographicException($"Sealed value with key '{keyId}' is truncated ({envelope.Length} bytes).");
        }

        var key = KeyFor(keyId);
        var plaintext = new byte[envelope.Length - headerSize - NonceSize - TagSize];
        try
        {
            CipherFor(key).Decrypt(envelope.Slice(headerSize, NonceSize), envelope[(headerSize + NonceSize + TagSize)..],
                envelope.Slice(headerSize + NonceSize, TagSize), plaintext, AssociatedData(envelope[..headerSize], context));
        }
        catch (AuthenticationTagMismatchException e)
        {
            throw new CryptographicException(
                $"Sealed value with key '{keyId}' failed authentication for {Encoding.UTF8.GetString(context)}: wrong key, or the value was altered or moved.", e);
        }

        return plaintext;
    }

    private static AesGcm CipherFor(byte[] key)
    {
        ciphers ??= new Dictionary<byte[], AesGcm>(ReferenceEqualityComparer.Instance);
        if (!ciphers.TryGetValue(key, out var cipher))
        {
            cipher = new AesGcm(key, TagSize);
            ciphers[key] = cipher;
        }

        return cipher;
    }

    public byte[] SealText(string text, ReadOnlySpan<byte> context) => Seal(Encoding.UTF8.GetBytes(text), context);

    public string OpenText(ReadOnlySpan<byte> envelope, ReadOnlySpan<byte> context) => Encoding.UTF8.GetString(Open(envelope, context));

    /// <summary>The id of the key a value is sealed with; null for plaintext or malformed values.</summary>
    public static string? KeyIdOf(ReadOnlySpan<byte> envelope) =>
        envelope.Length >= 2 && envelope[0] == Version && envelope.Length >= 2 + envelope[1]
            ? Encoding.ASCII.GetString(envelope.Slice(2, envelope[1]))
            : null;

    private byte[] KeyFor(string keyId)
    {
        if (keys.TryGetKey(keyId, out var key))
        {
            return key;
        }

        keys = loadKeys();
        return keys.TryGetKey(keyId, out key)
            ? key
            : throw new CryptographicException($"Sealed value names key '{keyId}', which is not configured ({EncryptionOptions.SectionName}); keys present: {string.Join(", ", keys.KeyIds.Order())}.");
    }

    private static byte[] AssociatedData(ReadOnlySpan<byte> header, ReadOnlySpan<byte> context)
    {
        var data = new byte[4 + header.Length + context.Length];
        BinaryPrimitives.WriteInt32BigEndian(data, header.Length);
        header.CopyTo(data.AsSpan(4));
        context.CopyTo(data.AsSpan(4 + header.Length));
        return data;
    }
}
