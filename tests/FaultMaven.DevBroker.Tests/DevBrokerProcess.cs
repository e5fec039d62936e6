using System.Diagnostics;
using System.Text;

namespace FaultMaven.DevBroker.Tests;

/// <summary>The built <c>faultmaven-devbroker</c> exe running as a child process, with its console output captured.</summary>
internal sealed class DevBrokerProcess : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private DevBrokerProcess(Process process)
    {
        _process = process;
        _process.OutputDataReceived += (_, line) => Append(line.Data);
        _process.ErrorDataReceived += (_, line) => Append(line.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    /// <summary>Everything the process wrote to stdout and stderr so far.</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    // The exe is built beside the test assembly through the project reference.
    public static DevBrokerProcess Start(params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "faultmaven-devbroker.dll"));
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        return new DevBrokerProcess(Process.Start(start)!);
    }

    /// <summary>Waits for the bootstrap file the broker writes once ready, and returns its address.</summary>
    public async Task<string> WaitForBootstrapFileAsync(string path)
    {
        var waited = Stopwatch.StartNew();
        while (!File.Exists(path))
        {
            if (_process.HasExited || waited.Elapsed > Timeout)
            {
                throw new TimeoutException($"No bootstrap file at {path} after {waited.Elapsed.TotalSeconds:F0} s. Output:\n{Output}");
            }

            await Task.Delay(50);
        }

        return (await File.ReadAllTextAsync(path)).Trim();
    }

    /// <summary>Sends SIGINT, as Ctrl-C in a terminal does.</summary>
    public void Interrupt()
    {
        using var kill = Process.Start("kill", ["-INT", _process.Id.ToString()]);
        kill.WaitForExit();
    }

    public async Task<int> WaitForExitAsync()
    {
        using var timeout = new CancellationTokenSource(Timeout);
        await _process.WaitForExitAsync(timeout.Token);
        return _process.ExitCode;
    }

    private void Append(string? line)
    {
        lock (_output)
        {
            _output.AppendLine(line);
        }
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
        }

        _process.Dispose();
    }
}
