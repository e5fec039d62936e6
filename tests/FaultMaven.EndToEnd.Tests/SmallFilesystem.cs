using System.Diagnostics;

namespace FaultMaven.EndToEnd.Tests;

/// <summary>
/// A tmpfs of a given size mounted on a fresh folder and owned by the <c>postgres</c> user, so that a tablespace on
/// it runs out of space for real (ENOSPC from the kernel); resized to give the space back. Needs root, as the
/// sandbox and scripts/test.sh run; unmounted on dispose.
/// </summary>
public sealed class SmallFilesystem : IDisposable
{
    private SmallFilesystem(string path) => Path = path;

    public string Path { get; }

    /// <exception cref="InvalidOperationException">Not root, or mount refused: the message says which and what it printed.</exception>
    public static SmallFilesystem Mount(long bytes)
    {
        if (Environment.UserName != "root")
        {
            throw new InvalidOperationException($"a disk-full test mounts a tmpfs, which needs root; running as {Environment.UserName}");
        }

        var path = Directory.CreateTempSubdirectory("faultmaven-small-fs-").FullName;
        Run("mount", "-t", "tmpfs", "-o", $"size={bytes},mode=0700", "tmpfs", path);
        Run("chown", "postgres:postgres", path);
        return new SmallFilesystem(path);
    }

    /// <summary>Grows (or shrinks) the filesystem in place; its files stay.</summary>
    public void Resize(long bytes) => Run("mount", "-o", $"remount,size={bytes}", Path);

    public void Dispose()
    {
        Run("umount", "--lazy", Path);
        Directory.Delete(Path);
    }

    /// <summary>Runs a command as the test's user; throws with its output when it fails.</summary>
    public static string Run(string program, params string[] arguments)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {program}");
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEnd();
        process.WaitForExit();
        return process.ExitCode == 0
            ? output.Result
            : throw new InvalidOperationException($"{program} {string.Join(' ', arguments)} exited with {process.ExitCode}: {errors}{output.Result}");
    }
}
