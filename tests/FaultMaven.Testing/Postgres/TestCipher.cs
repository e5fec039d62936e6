using System.Security.Cryptography;
using FaultMaven.Storage.Encryption;

namespace FaultMaven.Testing.Postgres;

/// <summary>A cipher over one random key for this test run, for tests that write sealed columns but are not about encryption.</summary>
public static class TestCipher
{
    public static FieldCipher Instance { get; } = new(() => new KeyRing(new Dictionary<string, byte[]> { ["test"] = RandomNumberGenerator.GetBytes(KeyRing.KeySize) }, "test"));
}
