using System.Diagnostics;
using System.Globalization;

namespace FaultMaven.Testing.Processes;

/// <summary>Sends POSIX signals the way a user or a supervisor does, with <c>kill -s NAME PID</c>.</summary>
public static class Signals
{
    /// <summary>Sends <paramref name="signal"/> (<c>INT</c> as Ctrl-C in a terminal, <c>TERM</c> as <c>kill PID</c>) unless <paramref name="process"/> has exited.</summary>
    public static void Send(Process process, string signal)
    {
        if (process.HasExited)
        {
            return;
        }

        using var kill = Process.Start("kill", ["-s", signal, process.Id.ToString(CultureInfo.InvariantCulture)])!;
        kill.WaitForExit();
    }
}
