using System.Security.Cryptography;
using FaultMaven.Storage.Encryption;

namespace FaultMaven.Storage.Tests;

/// <summary>Random keys for this test run, and ciphers over them.</summary>
internal static class TestKeys
{
    public static readonly byte[] A = RandomNumberGenerator.GetBytes(KeyRing.KeySize);

    public static readonly byte[] B = RandomNumberGenerator.GetBytes(KeyRing.KeySize);

    /// <summary>A cipher sealing with key "a" (also able to open values sealed with "b").</summary>
    public static readonly FieldCipher Cipher = CipherOver("a");

    public static FieldCipher CipherOver(string activeKeyId) =>
        new(() => new KeyRing(new Dictionary<string, byte[]> { ["a"] = A, ["b"] = B }, activeKeyId));

    public static KeyFile File(string activeKeyId, params string[] keyIds) =>
        new(activeKeyId, keyIds.ToDictionary(id => id, id => Convert.ToBase64String(id == "a" ? A : id == "b" ? B : RandomNumberGenerator.GetBytes(KeyRing.KeySize))));
}
