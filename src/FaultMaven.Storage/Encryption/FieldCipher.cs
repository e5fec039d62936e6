using System.Buffers;
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

    // Nonces are random (NIST SP 800-38D, 8.2.2), drawn from the system CSPRNG a page at a time: one call per nonce
    // cost as much as the encryption of a log line.
    [ThreadStatic]
    private static byte[]? randomPool;

    [ThreadStatic]
    private static int randomPoolUsed;

    private const int RandomPoolSize = 4096 / NonceSize * NonceSize;

    // Associated data up to this size is built on the stack; a log row's context is about 60 bytes.
    private const int StackAssociatedData = 512;

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
        var keyId = ring.ActiveKeyIdBytes.Span;
        var headerSize = 2 + keyId.Length;
        var envelope = new byte[headerSize + NonceSize + TagSize + plaintext.Length];
        envelope[0] = Version;
        envelope[1] = (byte)keyId.Length;
        keyId.CopyTo(envelope.AsSpan(2));
        var nonce = envelope.AsSpan(headerSize, NonceSize);
        NextNonce(nonce);

        var associatedSize = AssociatedDataSize(headerSize, context);
        var rented = associatedSize > StackAssociatedData ? ArrayPool<byte>.Shared.Rent(associatedSize) : null;
        var associated = rented is null ? stackalloc byte[associatedSize] : rented.AsSpan(0, associatedSize);
        try
        {
            WriteAssociatedData(associated, envelope.AsSpan(0, headerSize), context);
            CipherFor(ring.ActiveKey).Encrypt(nonce, plaintext, envelope.AsSpan(headerSize + NonceSize + TagSize), envelope.AsSpan(headerSize + NonceSize, TagSize), associated);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }

        return envelope;
    }

    private static void NextNonce(Span<byte> nonce)
    {
        if (randomPool is null || randomPoolUsed == RandomPoolSize)
        {
            randomPool ??= new byte[RandomPoolSize];
            RandomNumberGenerator.Fill(randomPool);
            randomPoolUsed = 0;
        }

        var drawn = randomPool.AsSpan(randomPoolUsed, NonceSize);
        drawn.CopyTo(nonce);
        // A nonce is used once: wipe it from the pool so no later reader of the pool could see it again.
        drawn.Clear();
        randomPoolUsed += NonceSize;
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

    public byte[] SealText(string text, ReadOnlySpan<byte> context)
    {
        var rented = ArrayPool<byte>.Shared.Rent(Encoding.UTF8.GetMaxByteCount(text.Length));
        try
        {
            return Seal(rented.AsSpan(0, Encoding.UTF8.GetBytes(text, rented)), context);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented, clearArray: true);
        }
    }

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
        var data = new byte[AssociatedDataSize(header.Length, context)];
        WriteAssociatedData(data, header, context);
        return data;
    }

    private static int AssociatedDataSize(int headerSize, ReadOnlySpan<byte> context) => 4 + headerSize + context.Length;

    private static void WriteAssociatedData(Span<byte> data, ReadOnlySpan<byte> header, ReadOnlySpan<byte> context)
    {
        BinaryPrimitives.WriteInt32BigEndian(data, header.Length);
        header.CopyTo(data[4..]);
        context.CopyTo(data[(4 + header.Length)..]);
    }
}
