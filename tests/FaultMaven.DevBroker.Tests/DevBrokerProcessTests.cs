using System.Net;
using System.Net.Sockets;
using FaultMaven.Contracts;
using FaultMaven.Testing.Kafka;

namespace FaultMaven.DevBroker.Tests;

public sealed class DevBrokerProcessTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("devbroker-tests-").FullName;

    [Fact]
    public async Task The_exe_serves_the_pipeline_topics_and_on_SIGINT_exits_0_and_removes_its_bootstrap_file()
    {
        AssertSigintIsNotIgnored();
        var bootstrapFile = Path.Combine(_folder, "kafka.bootstrap");
        using var broker = DevBrokerProcess.Start("--port", "0", "--partitions", "3", "--bootstrap-file", bootstrapFile);

        var bootstrapServers = await broker.WaitForBootstrapFileAsync(bootstrapFile);
        var topics = Kcat.ListTopics(bootstrapServers);
        broker.Interrupt();

        Assert.Equal(3, topics.GetValueOrDefault(Topics.Raw));
        Assert.Equal(0, await broker.WaitForExitAsync());
        Assert.False(File.Exists(bootstrapFile), "the bootstrap file should be deleted on exit");
        Assert.Contains($"Dev broker ready on {bootstrapServers}", broker.Output);
    }

    [Fact]
    public async Task A_second_broker_on_a_taken_port_exits_non_zero_saying_the_port_is_in_use()
    {
        using var occupant = new TcpListener(IPAddress.Loopback, 0);
        occupant.Start();
        var port = ((IPEndPoint)occupant.LocalEndpoint).Port;

        using var broker = DevBrokerProcess.Start("--port", port.ToString());

        Assert.NotEqual(0, await broker.WaitForExitAsync());
        Assert.Contains($"Port 127.0.0.1:{port} is already in use", broker.Output);
    }

    [Fact]
    public async Task An_invalid_setting_exits_non_zero_naming_its_key()
    {
        using var broker = DevBrokerProcess.Start("--port", "0", "--partitions", "0");

        Assert.NotEqual(0, await broker.WaitForExitAsync());
        Assert.Contains("FaultMaven:DevBroker:Partitions must be at least 1; got 0.", broker.Output);
    }

    // A process started in the background by a non-interactive shell ignores SIGINT, and children inherit that.
    private static void AssertSigintIsNotIgnored()
    {
        const int sigintBit = 1 << 1;
        var ignored = File.ReadLines("/proc/self/status").Single(line => line.StartsWith("SigIgn:", StringComparison.Ordinal));
        Assert.True(
            (Convert.ToUInt64(ignored["SigIgn:".Length..].Trim(), 16) & sigintBit) == 0,
            "This test process ignores SIGINT (started with & from a script?), so the broker it starts would too. Run dotnet test in the foreground.");
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
