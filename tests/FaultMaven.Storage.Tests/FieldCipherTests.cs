using System.Security.Cryptography;
using System.Text;
using FaultMaven.Storage.Encryption;

namespace FaultMaven.Storage.Tests;

public sealed class FieldCipherTests
{
    private static readonly byte[] RowOne = SealedTable.Logs.Context("message", "logs.raw", 0, 1L, 0);

    [Fact]
    public void A_sealed_value_names_its_key_and_opens_with_the_same_context()
    {
        var sealedValue = TestKeys.Cipher.SealText("disk full", RowOne);

        Assert.Equal(FieldCipher.Version, sealedValue[0]);
        Assert.Equal("a", FieldCipher.KeyIdOf(sealedValue));
        Assert.Equal("disk full", TestKeys.Cipher.OpenText(sealedValue, RowOne));
    }

    [Fact]
    public void Sealing_the_same_text_twice_gives_different_ciphertexts()
    {
        Assert.NotEqual(TestKeys.Cipher.SealText("same", RowOne), TestKeys.Cipher.SealText("same", RowOne));
    }

    [Fact]
    public void A_row_context_built_from_its_raw_position_is_the_same_bytes_as_from_its_identity_values()
    {
        var raw = new FaultMaven.Contracts.RawOffset("logs.raw", 7, 1_234_567_890_123L, 42);

        Assert.Equal(SealedTable.Logs.Context("message", SealedTable.RawIdentity(raw)), SealedTable.Logs.Context("message", raw));
    }

    [Fact]
    public void A_row_context_written_in_place_is_the_same_bytes_as_the_array_and_one_that_does_not_fit_is_refused()
    {
        var raw = new FaultMaven.Contracts.RawOffset("logs.raw", 7, 1_234_567_890_123L, 42);
        Span<byte> buffer = stackalloc byte[384];

        Assert.True(SealedTable.Logs.TryWriteContext("attributes", raw, buffer, out var written));
        Assert.Equal(SealedTable.Logs.Context("attributes", raw), buffer[..written].ToArray());
        Assert.False(SealedTable.Logs.TryWriteContext("attributes", raw with { Topic = new string('t', 400) }, buffer, out written));
        Assert.Equal(0, written);
    }

    [Fact]
    public void Nonces_are_not_repeated_across_many_seals_and_threads()
    {
        // More seals per thread than one draw of random bytes holds, so refilled pools are covered too.
        var nonces = new System.Collections.Concurrent.ConcurrentDictionary<string, bool>();
        Parallel.For(0, 4, _ =>
        {
            for (var i = 0; i < 2_000; i++)
            {
                var sealedValue = TestKeys.Cipher.SealText("same", RowOne);
                Assert.True(nonces.TryAdd(Convert.ToHexString(sealedValue, 3, 12), true));
            }
        });

        Assert.Equal(8_000, nonces.Count);
    }

    [Fact]
    public void A_long_text_with_a_long_context_seals_and_opens()
    {
        var text = new string('x', 100_000) + " é " + new string('y', 1_000);
        var context = SealedTable.Logs.Context("message", "logs.raw", 0, 1L, new string('c', 2_000));

        Assert.Equal(text, TestKeys.Cipher.OpenText(TestKeys.Cipher.SealText(text, context), context));
    }

    [Fact]
    public void A_value_moved_to_another_row_or_column_fails_to_open()
    {
        var sealedValue = TestKeys.Cipher.SealText("disk full", RowOne);

        Assert.Throws<CryptographicException>(() => TestKeys.Cipher.Open(sealedValue, SealedTable.Logs.Context("message", "logs.raw", 0, 2L, 0)));
        Assert.Throws<CryptographicException>(() => TestKeys.Cipher.Open(sealedValue, SealedTable.Logs.Context("attributes", "logs.raw", 0, 1L, 0)));
    }

    [Fact]
    public void A_flipped_ciphertext_bit_fails_loudly()
    {
        var sealedValue = TestKeys.Cipher.SealText("disk full", RowOne);
        sealedValue[^1] ^= 1;

        var error = Assert.Throws<CryptographicException>(() => TestKeys.Cipher.Open(sealedValue, RowOne));

        Assert.Contains("failed authentication", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_value_opened_with_another_key_under_the_same_id_fails()
    {
        var sealedValue = TestKeys.Cipher.SealText("disk full", RowOne);
        var impostor = new FieldCipher(() => new KeyRing(new Dictionary<string, byte[]> { ["a"] = RandomNumberGenerator.GetBytes(32) }, "a"));

        Assert.Throws<CryptographicException>(() => impostor.Open(sealedValue, RowOne));
    }

    [Fact]
    public void A_value_naming_a_key_that_is_not_configured_names_that_key()
    {
        var sealedValue = TestKeys.CipherOver("b").SealText("disk full", RowOne);
        var onlyA = new FieldCipher(() => new KeyRing(new Dictionary<string, byte[]> { ["a"] = TestKeys.A }, "a"));

        var error = Assert.Throws<CryptographicException>(() => onlyA.Open(sealedValue, RowOne));

        Assert.Contains("key 'b', which is not configured", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_plaintext_value_from_before_encryption_still_opens()
    {
        Assert.Equal("old row", TestKeys.Cipher.OpenText([FieldCipher.PlaintextVersion, .. Encoding.UTF8.GetBytes("old row")], RowOne));
        Assert.Null(FieldCipher.KeyIdOf([FieldCipher.PlaintextVersion, 1, 2]));
    }
}
