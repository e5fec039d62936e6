using System.Diagnostics;
using System.Net.Sockets;
using System.Text;

namespace FaultMaven.Testing.Processes;

/// <summary>
/// One of FaultMaven's built programs (worker, API, dev broker) running as a real child process, the way
/// scripts/run.sh starts it; its output is kept for the test's failure message.
/// </summary>
public sealed class ServiceProcess : IAsyncDisposable
{
    private readonly Process process;
    private readonly StringBuilder output = new();

    private ServiceProcess(Process process)
    {
        this.process = process;
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        AppDomain.CurrentDomain.ProcessExit += KillOnExit;
    }

    public string Output
    {
        get
        {
            lock (output)
            {
                return output.ToString();
            }
        }
    }

    public bool HasExited => process.HasExited;

    // Lets a wait see that the process is still writing without copying everything it wrote.
    private int OutputLength
    {
        get
        {
            lock (output)
            {
                return output.Length;
            }
        }
    }

    /// <summary>The operating system's id of the process, e.g. to read its CPU time and memory from /proc.</summary>
    public int Id => process.Id;

    public int ExitCode => process.ExitCode;

    /// <summary>Starts <c>dotnet src/PROJECT/bin/CONFIGURATION/net10.0/ASSEMBLY.dll ARGS</c> with the given environment.</summary>
    public static ServiceProcess Start(string project, string assembly, IReadOnlyDictionary<string, string> environment, params string[] arguments)
    {
        var dll = Path.Combine(RepositoryPaths.Root, "src", project, "bin", RepositoryPaths.BuildConfiguration, "net10.0", assembly + ".dll");
        if (!File.Exists(dll))
        {
            throw new FileNotFoundException($"{dll} is not built; build the solution first (scripts/test.sh does)", dll);
        }

        // A test run started in the background (`scripts/test.sh &`, nohup, a CI runner) ignores SIGINT, children inherit
        // that, and .NET then never installs its Ctrl-C handler: env restores the default so the child honours SIGINT
        // however the tests were launched.
        var start = new ProcessStartInfo("env")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetDirectoryName(dll)!,
        };
        start.ArgumentList.Add("--default-signal=INT");
        start.ArgumentList.Add("dotnet");
        start.ArgumentList.Add(dll);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        return new ServiceProcess(Process.Start(start) ?? throw new InvalidOperationException($"could not start {dll}"));
    }

    /// <summary>Starts an installed program (Debian's prometheus, prometheus-alertmanager) with the given arguments.</summary>
    /// <exception cref="FileNotFoundException">The program is not installed; scripts/test.sh installs it with apt.</exception>
    public static ServiceProcess StartProgram(string executable, params string[] arguments)
    {
        if (!File.Exists(executable))
        {
            throw new FileNotFoundException($"{executable} is not installed; scripts/test.sh installs it (apt-get)", executable);
        }

        var start = new ProcessStartInfo(executable) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        return new ServiceProcess(Process.Start(start) ?? throw new InvalidOperationException($"could not start {executable}"));
    }

    /// <summary>
    /// A loopback port nothing listens on now, for a service started next. It is drawn at random from below the kernel's
    /// ephemeral range (net.ipv4.ip_local_port_range): a port the kernel handed out for bind(0) is also what it hands
    /// out as the local port of outgoing connections, and on a busy machine (Kafka clients, PostgreSQL sessions) one of
    /// those took it in the seconds before the service bound it ("address already in use" in a merged run).
    /// </summary>
    public static int FreePort()
    {
        var ephemeralStart = File.Exists(EphemeralRange) && File.ReadAllText(EphemeralRange).Split((char[])['\t', ' ', '\n'], StringSplitOptions.RemoveEmptyEntries) is [var low, ..]
            ? int.Parse(low, System.Globalization.CultureInfo.InvariantCulture)
            : 32768;
        var first = Math.Max(1024, ephemeralStart - 12_000);
        for (var attempt = 0; attempt < 200; attempt++)
        {
            var port = Random.Shared.Next(first, ephemeralStart);
            try
            {
                using var listener = new TcpListener(System.Net.IPAddress.Loopback, port);
                listener.Start();
                return port;
            }
            catch (SocketException)
            {
            }
        }

        throw new InvalidOperationException($"no free loopback port in {first}-{ephemeralStart - 1} after 200 tries");
    }

    /// <summary>
    /// Starts a service on a <see cref="FreePort"/> and waits until it is ready; when it exits because another process
    /// took the port in between (another suite on the machine, a client's outgoing connection), starts it again on
    /// another port, up to three times.
    /// </summary>
    /// <param name="start">Starts the service listening on the given port.</param>
    /// <param name="readyUrl">The URL that answers 2xx once the service on the given port is ready.</param>
    /// <param name="ports">Where the ports come from; <see cref="FreePort"/> unless a test decides.</param>
    /// <returns>The ready service and its port.</returns>
    public static async Task<(ServiceProcess Service, int Port)> StartOnFreePort(Func<int, ServiceProcess> start, Func<int, string> readyUrl, TimeSpan stall, Func<int>? ports = null)
    {
        for (var attempt = 1; ; attempt++)
        {
            var port = (ports ?? FreePort)();
            var service = start(port);
            try
            {
                await service.WaitUntilReady(readyUrl(port), stall);
                return (service, port);
            }
            catch (InvalidOperationException) when (attempt < 3 && service.HasExited && service.Output.Contains("address already in use", StringComparison.OrdinalIgnoreCase))
            {
                await service.DisposeAsync();
            }
        }
    }

    private const string EphemeralRange = "/proc/sys/net/ipv4/ip_local_port_range";

    /// <summary>
    /// Waits until GET <paramref name="url"/> answers 2xx; see <see cref="WaitUntil"/> for when it gives up.
    /// </summary>
    public async Task WaitUntilReady(string url, TimeSpan timeout)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        await WaitUntil($"{url} ready", async () => (await http.GetAsync(url)).IsSuccessStatusCode, timeout);
    }

    /// <summary>
    /// Waits until <paramref name="ready"/> returns true (a network error counts as false), failing early with the output if
    /// the process dies, and after <paramref name="stall"/> without progress: no new output and no CPU time used. A loaded
    /// machine starts a process slowly (a .NET service can compile for a minute before it logs a line), but it keeps working.
    /// </summary>
    public Task WaitUntil(string what, Func<Task<bool>> ready, TimeSpan stall) => Wait(what, ready, stall, exitFails: true);

    /// <summary>
    /// Waits until the process exits, giving up as <see cref="WaitUntil"/> does after <paramref name="stall"/> without
    /// progress, and returns its exit code once its output is read to the end.
    /// </summary>
    public async Task<int> WaitForExitOrStall(TimeSpan stall)
    {
        await Wait("exited", () => Task.FromResult(process.HasExited), stall, exitFails: false);
        await process.WaitForExitAsync();
        return process.ExitCode;
    }

    private async Task Wait(string what, Func<Task<bool>> ready, TimeSpan stall, bool exitFails)
    {
        var waited = Stopwatch.StartNew();
        var lastProgress = waited.Elapsed;
        var (outputSeen, cpuSeen) = (OutputLength, CpuTime());
        while (waited.Elapsed - lastProgress < stall)
        {
            if (exitFails && process.HasExited)
            {
                throw new InvalidOperationException($"process exited with {process.ExitCode} before {what}:\n{Output}");
            }

            try
            {
                if (await ready())
                {
                    return;
                }
            }
            catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException or SocketException or IOException)
            {
            }

            var checkedAt = waited.Elapsed;
            await Task.Delay(200);
            var (outputNow, cpuNow) = (OutputLength, CpuTime());
            // A waiting process still wakes now and then (timers, GC); progress is a tenth of a core since the last check.
            if (outputNow != outputSeen || cpuNow - cpuSeen > (waited.Elapsed - checkedAt) / 10)
            {
                lastProgress = waited.Elapsed;
            }

            (outputSeen, cpuSeen) = (outputNow, cpuNow);
        }

        throw new TimeoutException($"not {what} after {waited.Elapsed.TotalSeconds:F0} s, {stall.TotalSeconds:F0} s of them without output or CPU time (CPU used {CpuTime().TotalSeconds:F1} s):\n{Output}");
    }

    /// <summary>CPU time (user + system) the process has used so far; zero once it has exited.</summary>
    public TimeSpan CpuTime()
    {
        try
        {
            process.Refresh();
            return process.TotalProcessorTime;
        }
        catch (InvalidOperationException)
        {
            return TimeSpan.Zero;
        }
    }

    /// <summary>Resident and peak resident memory of the process, MiB (VmRSS and VmHWM on Linux).</summary>
    public (double Resident, double Peak) Memory()
    {
        process.Refresh();
        return (process.WorkingSet64 / 1048576.0, process.PeakWorkingSet64 / 1048576.0);
    }

    /// <summary>Ends the process at once, as a crash or an OOM kill would: no graceful shutdown, no final commit.</summary>
    public async Task Kill()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
        }

        await process.WaitForExitAsync();
    }

    /// <summary>Waits for the exit code; a process still running after <paramref name="timeout"/> fails the wait with its output.</summary>
    public async Task<int> WaitForExit(TimeSpan timeout)
    {
        using var cancellation = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cancellation.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"still running after {timeout.TotalSeconds:F0} s:\n{Output}");
        }

        return process.ExitCode;
    }

    /// <summary>
    /// Sends <paramref name="signal"/> (<c>INT</c> as Ctrl-C in a terminal, <c>TERM</c> as <c>kill PID</c>) and waits for the
    /// exit code; a process still running after <paramref name="timeout"/> fails the wait with its output.
    /// </summary>
    public async Task<int> Signal(string signal, TimeSpan timeout)
    {
        Signals.Send(process, signal);
        return await WaitForExit(timeout);
    }

    public async ValueTask DisposeAsync()
    {
        AppDomain.CurrentDomain.ProcessExit -= KillOnExit;
        await Kill();
        process.Dispose();
    }

    // A child whose test never disposed it (a fixture that failed half-way) ends with the test process, instead of
    // running on, orphaned, beside the next tests and runs.
    private void KillOnExit(object? sender, EventArgs e)
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
        }
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (output)
        {
            output.AppendLine(line);
        }
    }
}
