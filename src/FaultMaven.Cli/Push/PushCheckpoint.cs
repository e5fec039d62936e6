using System.Security.Cryptography;
using System.Text.Json;

namespace FaultMaven.Cli.Push;

/// <summary>How far a file has been pushed: every byte before <see cref="Offset"/> was acknowledged by the receiver.</summary>
/// <param name="Fingerprint">A hash of the file's first bytes, so a replaced file is not resumed at the old offset.</param>
public sealed record PushCheckpoint(string Path, string Fingerprint, long Offset, bool Complete);

/// <summary>Checkpoints of <c>fm push</c>, one small JSON file per pushed file, written atomically.</summary>
public sealed class PushCheckpointStore(string folder)
{
    private const int FingerprintBytes = 4096;

    public PushCheckpoint Load(string file)
    {
        var path = System.IO.Path.GetFullPath(file);
        var fingerprint = Fingerprint(path);
        var checkpoint = File.Exists(StatePath(path)) ? JsonSerializer.Deserialize<PushCheckpoint>(File.ReadAllText(StatePath(path))) : null;
        return checkpoint is not null && checkpoint.Fingerprint == fingerprint
            ? checkpoint
            : new PushCheckpoint(path, fingerprint, 0, Complete: false);
    }

    public void Save(PushCheckpoint checkpoint)
    {
        Directory.CreateDirectory(folder);
        var target = StatePath(checkpoint.Path);
        var temporary = target + ".tmp";
        File.WriteAllText(temporary, JsonSerializer.Serialize(checkpoint));
        File.Move(temporary, target, overwrite: true);
    }

    public void Forget(string file) => File.Delete(StatePath(System.IO.Path.GetFullPath(file)));

    private string StatePath(string file) =>
        System.IO.Path.Combine(folder, Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(file)))[..32] + ".json");

    private static string Fingerprint(string file)
    {
        using var stream = File.OpenRead(file);
        var head = new byte[FingerprintBytes];
        var read = stream.ReadAtLeast(head, FingerprintBytes, throwOnEndOfStream: false);
        return Convert.ToHexStringLower(SHA256.HashData(head.AsSpan(0, read)));
    }
}
