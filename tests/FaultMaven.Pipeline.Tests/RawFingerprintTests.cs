using System.Text;
using FaultMaven.Pipeline;

namespace FaultMaven.Pipeline.Tests;

public sealed class RawFingerprintTests
{
    private static readonly byte[] Value = Encoding.UTF8.GetBytes("2026-11-25 10:00:00 INFO line 1\n2026-11-25 10:00:01 INFO line 2");

    [Fact]
    public void The_same_record_read_again_has_the_same_fingerprint() =>
        Assert.Equal(RawFingerprint.Of(1_764_000_000_000, "web", Value), RawFingerprint.Of(1_764_000_000_000, "web", Value.ToArray()));

    [Fact]
    public void A_record_with_the_same_text_written_at_another_time_has_another_fingerprint() =>
        Assert.NotEqual(RawFingerprint.Of(1_764_000_000_000, "web", Value), RawFingerprint.Of(1_764_000_000_001, "web", Value));

    [Fact]
    public void Key_and_value_are_not_confused_where_one_ends_and_the_other_begins() =>
        Assert.NotEqual(RawFingerprint.Of(0, "ab", "c"u8), RawFingerprint.Of(0, "a", "bc"u8));

    [Fact]
    public void A_record_without_a_key_differs_from_one_with_an_empty_key() =>
        Assert.NotEqual(RawFingerprint.Of(0, null, Value), RawFingerprint.Of(0, "", Value));

    [Fact]
    public void Fingerprints_of_many_records_are_distinct_and_never_zero_which_means_unknown()
    {
        var fingerprints = Enumerable.Range(0, 100_000).Select(i => RawFingerprint.Of(i, "source", BitConverter.GetBytes(i))).ToList();

        Assert.Equal(fingerprints.Count, fingerprints.Distinct().Count());
        Assert.DoesNotContain(0, fingerprints);
    }
}
