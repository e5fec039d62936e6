using System.Security.Cryptography;
using BenchmarkDotNet.Attributes;
using FaultMaven.Contracts;
using FaultMaven.Storage.Encryption;

namespace FaultMaven.Benchmarks;

/// <summary>
/// Time and bytes allocated to seal one stored log row the way the logs sink does: its message and its attributes
/// (as JSON), each bound to the row's raw position by AES-256-GCM associated data (<see cref="FieldCipher"/>).
/// </summary>
[MemoryDiagnoser]
public class SealingBenchmarks
{
    private const string Message = "081109 203615 148 INFO dfs.DataNode$PacketResponder: PacketResponder 1 for block blk_38865049064139660 terminating";
    private const string Attributes = """{"thread":"148","logger":"dfs.DataNode$PacketResponder"}""";

    private readonly FieldCipher cipher = new(() => new KeyRing(new Dictionary<string, byte[]> { ["k2026"] = RandomNumberGenerator.GetBytes(KeyRing.KeySize) }, "k2026"));
    private readonly RawOffset raw = new("logs.raw", 3, 1_234_567, 211, 42);

    [Benchmark]
    public int SealLogRow() =>
        cipher.SealText(Message, SealedTable.Logs.Context("message", raw)).Length
        + cipher.SealText(Attributes, SealedTable.Logs.Context("attributes", raw)).Length;
}
