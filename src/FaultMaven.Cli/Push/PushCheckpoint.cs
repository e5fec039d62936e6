using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace FaultMaven.Cli.Push;

/// <summary>How far a file has been pushed to one destination under one source: every byte before <see cref="Offset"/> was acknowledged there.</summary>
/// <param name="Destination">The receiver, as <see cref="IRawLogSink.Description"/> names it (broker bootstrap or API URL).</param>
/// <param name="Fingerprint">A hash of the file's first bytes, so a replaced file is not resumed at the old offset.</param>
/// <param name="Batch">The batch sent but not acknowledged when the push stopped, if any: the next run sends it again under its key.</param>
public sealed record PushCheckpoint(string Path, string Destination, string Source, string Fingerprint, long Offset, bool Complete, PushBatch? Batch = null);

/// <summary>A batch of a file in flight: bytes <see cref="Start"/> to <see cref="End"/> (exclusive), sent under <see cref="Key"/>.</summary>
/// <param name="Key">The batch's key (<see cref="IRawLogSink.SendAsync"/>), e.g. <c>fm-push-</c> and 32 hex digits.</param>
/// <param name="SentAt">
/// When the batch was first sent, by fm's clock; where a resend starts looking for the records the broker stored. Null
/// in checkpoints written before fm recorded it: the whole of logs.raw is looked through.
/// </param>
public sealed record PushBatch(long Start, long End, string Key, DateTimeOffset? SentAt = null)
{
    /// <summary>A key of its own for a batch no earlier run sent.</summary>
    public static string NewKey() => $"fm-push-{Guid.NewGuid():N}";
}

/// <summary>
/// Checkpoints of <c>fm push</c>, one small JSON file per file, destination and source, written atomically: pushing a
/// file again to another broker or API, or under another source name, starts from its beginning.
/// </summary>
public sealed class PushCheckpointStore(string folder)
{
    private const int FingerprintBytes = 4096;

    public PushCheckpoint Load(string file, string destination, string source)
    {
        var path = System.IO.Path.GetFullPath(file);
        var fingerprint = Fingerprint(path);
        var state = StatePath(path, destination, source);
        var checkpoint = File.Exists(state) ? JsonSerializer.Deserialize<PushCheckpoint>(File.ReadAllText(state)) : null;
        return checkpoint is not null && checkpoint.Fingerprint == fingerprint
            ? checkpoint
            : new PushCheckpoint(path, destination, source, fingerprint, 0, Complete: false);
    }

    public void Save(PushCheckpoint checkpoint)
    {
        Directory.CreateDirectory(folder);
        var target = StatePath(checkpoint.Path, checkpoint.Destination, checkpoint.Source);
        var temporary = target + ".tmp";
        File.WriteAllText(temporary, JsonSerializer.Serialize(checkpoint));
        File.Move(temporary, target, overwrite: true);
    }

    public void Forget(string file, string destination, string source) => File.Delete(StatePath(System.IO.Path.GetFullPath(file), destination, source));

    private string StatePath(string file, string destination, string source) =>
        // NUL cannot occur in a path, so no two (file, destination, source) triples join to the same text.
        System.IO.Path.Combine(folder, Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{file}\0{destination}\0{source}")))[..32] + ".json");

    private static string Fingerprint(string file)
    {
        using var stream = File.OpenRead(file);
        var head = new byte[FingerprintBytes];
        var read = stream.ReadAtLeast(head, FingerprintBytes, throwOnEndOfStream: false);
        return Convert.ToHexStringLower(SHA256.HashData(head.AsSpan(0, read)));
    }
}
