using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using FaultMaven.Contracts;
using FaultMaven.Testing.Kafka;
using FaultMaven.Testing.Processes;

namespace FaultMaven.DevBroker.Tests;

/// <summary>The built <c>faultmaven-devbroker</c> exe as scripts/run.sh starts it: a child process with its output captured.</summary>
public sealed class DevBrokerProcessTests : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);
    private readonly string folder = Directory.CreateTempSubdirectory("devbroker-tests-").FullName;

    [Theory]
    [InlineData("INT")]
    [InlineData("TERM")]
    public async Task The_exe_serves_the_pipeline_topics_and_on_SIGINT_or_SIGTERM_exits_0_and_removes_its_bootstrap_file(string signal)
    {
        var bootstrapFile = Path.Combine(folder, "kafka.bootstrap");
        await using var broker = Start("--port", "0", "--partitions", "3", "--bootstrap-file", bootstrapFile);

        var bootstrapServers = await WaitForBootstrapFile(broker, bootstrapFile);
        var topics = Kcat.ListTopics(bootstrapServers);
        var exitCode = await broker.Signal(signal, Timeout);

        Assert.Equal(3, topics.GetValueOrDefault(Topics.Raw));
        Assert.True(exitCode == 0, $"exit code {exitCode} after SIG{signal}:\n{broker.Output}");
        Assert.False(File.Exists(bootstrapFile), "the bootstrap file should be deleted on exit");
        Assert.Contains($"Dev broker ready on {bootstrapServers}", broker.Output);
    }

    [Fact]
    public async Task A_second_broker_on_a_taken_port_exits_non_zero_saying_the_port_is_in_use()
    {
        using var occupant = new TcpListener(IPAddress.Loopback, 0);
        occupant.Start();
        var port = ((IPEndPoint)occupant.LocalEndpoint).Port;

        await using var broker = Start("--port", port.ToString());

        Assert.NotEqual(0, await broker.WaitForExit(Timeout));
        Assert.Contains($"Port 127.0.0.1:{port} is already in use", broker.Output);
    }

    [Fact]
    public async Task An_invalid_setting_exits_non_zero_naming_its_key()
    {
        await using var broker = Start("--port", "0", "--partitions", "0");

        Assert.NotEqual(0, await broker.WaitForExit(Timeout));
        Assert.Contains("FaultMaven:DevBroker:Partitions must be at least 1; got 0.", broker.Output);
    }

    private static ServiceProcess Start(params string[] arguments) =>
        ServiceProcess.Start("FaultMaven.DevBroker", "faultmaven-devbroker", new Dictionary<string, string>(), arguments);

    /// <summary>Waits for the bootstrap file the broker writes once ready, and returns its address.</summary>
    private static async Task<string> WaitForBootstrapFile(ServiceProcess broker, string path)
    {
        var waited = Stopwatch.StartNew();
        while (!File.Exists(path))
        {
            if (broker.HasExited || waited.Elapsed > Timeout)
            {
                throw new TimeoutException($"No bootstrap file at {path} after {waited.Elapsed.TotalSeconds:F0} s. Output:\n{broker.Output}");
            }

            await Task.Delay(50);
        }

        return (await File.ReadAllTextAsync(path)).Trim();
    }

    public void Dispose() => Directory.Delete(folder, recursive: true);
}
