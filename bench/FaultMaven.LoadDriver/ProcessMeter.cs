using System.Globalization;

namespace FaultMaven.LoadDriver;

/// <summary>CPU time (seconds) of a process tree and its peak memory (MiB), read from /proc.</summary>
public sealed record ProcessUsage(double CpuSeconds, double PeakMemoryMiB);

/// <summary>
/// Reads CPU time and memory of a process, or of a process and its children (PostgreSQL's postmaster and backends),
/// from /proc. CPU time is user + system; for a tree it adds the children the root has reaped (cutime + cstime), so a
/// backend that ended between two samples still counts. Memory: a lone process reports its peak resident set (VmHWM);
/// a tree reports the highest sum of proportional set sizes (Pss, shared pages split between the processes that map
/// them) among the samples, since summing resident sets would count shared buffers once per backend.
/// </summary>
public sealed class ProcessMeter(int rootId, bool includeChildren)
{
    // USER_HZ: the unit of the times in /proc/PID/stat, 100 on every Linux architecture .NET runs on.
    private const double TicksPerSecond = 100;

    private double peakTreePssKiB;

    /// <summary>CPU seconds used so far by the process (and its children); 0 once it is gone.</summary>
    public double CpuSeconds()
    {
        var root = Stat(rootId);
        if (root is null)
        {
            return 0;
        }

        var ticks = root[11] + root[12];
        if (includeChildren)
        {
            ticks += root[13] + root[14];
            ticks += Children().Select(Stat).OfType<long[]>().Sum(child => child[11] + child[12]);
        }

        return ticks / TicksPerSecond;
    }

    /// <summary>Takes a memory sample of the tree; call it periodically while the load runs.</summary>
    public void SampleMemory()
    {
        if (includeChildren)
        {
            peakTreePssKiB = Math.Max(peakTreePssKiB, Children().Prepend(rootId).Sum(Pss));
        }
    }

    /// <summary>Peak memory in MiB: VmHWM of the process, or the highest Pss sum of the tree seen by <see cref="SampleMemory"/>.</summary>
    public double PeakMemoryMiB() => (includeChildren ? peakTreePssKiB : StatusKiB(rootId, "VmHWM:")) / 1024;

    private IEnumerable<int> Children() =>
        Directory.EnumerateDirectories("/proc")
            .Select(Path.GetFileName)
            .Select(name => int.TryParse(name, NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : 0)
            .Where(id => id > 0 && id != rootId && Stat(id) is { } stat && stat[1] == rootId);

    /// <summary>The numeric fields of /proc/PID/stat after the command name: [0] = state (as 0), [1] = ppid, [11] = utime, [12] = stime, [13] = cutime, [14] = cstime.</summary>
    private static long[]? Stat(int id)
    {
        var text = ReadOrNull($"/proc/{id}/stat");
        if (text is null)
        {
            return null;
        }

        // The command name is in parentheses and may hold spaces; the fields start after the last ')'.
        var fields = text[(text.LastIndexOf(')') + 2)..].Split(' ');
        return fields.Select(f => long.TryParse(f, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) ? value : 0).ToArray();
    }

    private static double Pss(int id) =>
        ReadOrNull($"/proc/{id}/smaps_rollup")?.Split('\n').FirstOrDefault(l => l.StartsWith("Pss:", StringComparison.Ordinal)) is { } line ? KiB(line) : 0;

    private static double StatusKiB(int id, string field) =>
        ReadOrNull($"/proc/{id}/status")?.Split('\n').FirstOrDefault(l => l.StartsWith(field, StringComparison.Ordinal)) is { } line ? KiB(line) : 0;

    private static double KiB(string line) =>
        double.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);

    private static string? ReadOrNull(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            // The process ended between listing and reading.
            return null;
        }
    }
}
