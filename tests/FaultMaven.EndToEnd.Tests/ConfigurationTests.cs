using FaultMaven.Testing;
using FaultMaven.Testing.Processes;

namespace FaultMaven.EndToEnd.Tests;

public class ConfigurationTests
{
    [Theory]
    [InlineData("FaultMaven.Worker", "faultmaven-worker")]
    [InlineData("FaultMaven.Api", "faultmaven-api")]
    public async Task A_service_with_a_bad_setting_refuses_to_start_and_names_the_key(string project, string assembly)
    {
        await using var service = ServiceProcess.Start(project, assembly, new Dictionary<string, string>
        {
            ["FAULTMAVEN__KAFKA__BOOTSTRAPSERVERS"] = "",
            ["FAULTMAVEN__POSTGRES__CONNECTIONSTRING"] = "Host=127.0.0.1;Database=faultmaven",
        }, "--urls", $"http://127.0.0.1:{ServiceProcess.FreePort()}");

        var exitCode = await service.WaitForExit(Progress.DefaultStall);

        Assert.True(exitCode == 2, service.Output);
        Assert.Contains("FaultMaven:Kafka:BootstrapServers", service.Output);
    }
}
