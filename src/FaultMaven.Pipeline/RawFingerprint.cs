using System.Buffers;
using System.IO.Hashing;
using System.Text;

namespace FaultMaven.Pipeline;

/// <summary>
/// The fingerprint that completes a raw record's position (<see cref="FaultMaven.Contracts.RawOffset.Fingerprint"/>):
/// XXH3-64 of the record's timestamp (milliseconds since the epoch, the producer's create time or the broker's append
/// time), its key and its value. A replayed record is byte-for-byte the record stored before, so it has the same
/// fingerprint; a new record written at an offset the log used before (a broker that lost its data, a re-created topic)
/// differs at least in its timestamp. Two distinct records collide only if they share topic, partition, offset and a
/// 64-bit hash.
/// </summary>
public static class RawFingerprint
{
    /// <summary>The fingerprint of a raw record; never 0, which stands for "unknown" in rows stored before fingerprints.</summary>
    public static long Of(long timestampMilliseconds, string? key, ReadOnlySpan<byte> value)
    {
        var hash = new XxHash3(timestampMilliseconds);
        if (key is not null)
        {
            var bytes = ArrayPool<byte>.Shared.Rent(Encoding.UTF8.GetMaxByteCount(key.Length));
            var length = Encoding.UTF8.GetBytes(key, bytes);
            hash.Append(bytes.AsSpan(0, length));
            ArrayPool<byte>.Shared.Return(bytes);
        }

        // The key's length separates key from value, so ("ab", "c") and ("a", "bc") differ.
        hash.Append(BitConverter.GetBytes(key?.Length ?? -1));
        hash.Append(value);
        var fingerprint = (long)hash.GetCurrentHashAsUInt64();
        return fingerprint == 0 ? 1 : fingerprint;
    }
}
