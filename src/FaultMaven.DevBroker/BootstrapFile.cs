namespace FaultMaven.DevBroker;

/// <summary>The file that tells scripts and tests the broker is ready and where it listens.</summary>
internal static class BootstrapFile
{
    /// <summary>Writes to a temporary file and renames it, so a reader never sees a partial address.</summary>
    public static void Write(string path, string bootstrapServers)
    {
        var fullPath = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(fullPath)!);
        var temporary = $"{fullPath}.{Environment.ProcessId}.tmp";
        File.WriteAllText(temporary, bootstrapServers + Environment.NewLine);
        File.Move(temporary, fullPath, overwrite: true);
    }

    public static void Delete(string path) => File.Delete(path);
}
