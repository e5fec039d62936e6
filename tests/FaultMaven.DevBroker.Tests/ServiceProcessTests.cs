using System.Net;
using System.Net.Sockets;
using FaultMaven.Testing.Processes;

namespace FaultMaven.DevBroker.Tests;

/// <summary>
/// FaultMaven.Testing's <see cref="ServiceProcess.StartOnFreePort"/>, which the end-to-end systems start their API and
/// worker with: a service that finds its port taken (another suite on the machine took it after it was chosen) is
/// started again on another. (Here because this is the smallest test project that references FaultMaven.Testing.)
/// </summary>
public sealed class ServiceProcessTests
{
    [Fact]
    public async Task A_service_whose_port_was_taken_in_between_is_started_again_on_another_port()
    {
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var takenPort = ((IPEndPoint)taken.LocalEndpoint).Port;
        var offered = new Queue<int>([takenPort, ServiceProcess.FreePort()]);
        var started = new List<int>();

        // Python's own HTTP server: a real process that exits with "Address already in use" on a taken port.
        var (service, port) = await ServiceProcess.StartOnFreePort(
            port =>
            {
                started.Add(port);
                return ServiceProcess.StartProgram("/usr/bin/python3", "-m", "http.server", $"{port}", "--bind", "127.0.0.1");
            },
            port => $"http://127.0.0.1:{port}/",
            TimeSpan.FromSeconds(60),
            offered.Dequeue);
        await using var _ = service;

        Assert.Equal([takenPort, port], started);
        Assert.NotEqual(takenPort, port);
        Assert.False(service.HasExited);
    }
}
