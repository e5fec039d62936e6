using FaultMaven.Testing.Processes;
using Xunit.Abstractions;

namespace FaultMaven.Worker.Tests;

/// <summary>
/// A setting whose value cannot be read as its type (a binding error, not a range error) stops the real worker and API
/// processes as a range error does: one line naming the key, the kind of value it takes and the value, exit code 2. It
/// was one log line holding the host's whole .NET stack trace ("Service stopped on an unhandled error").
/// </summary>
public sealed class ConfigurationErrorTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData("FaultMaven.Worker", "faultmaven-worker", "FaultMaven:Sinks:MaxBatchSize")]
    [InlineData("FaultMaven.Api", "faultmaven-api", "FaultMaven:AnalysisConcurrency:Permits")]
    public async Task A_value_that_cannot_be_read_as_its_settings_type_stops_the_service_with_one_line_naming_the_key_and_the_value(string project, string assembly, string key)
    {
        var environment = new Dictionary<string, string>
        {
            // Nothing listens on either: the settings are checked before either is used.
            ["FAULTMAVEN__KAFKA__BOOTSTRAPSERVERS"] = "127.0.0.1:9",
            ["FAULTMAVEN__POSTGRES__CONNECTIONSTRING"] = "Host=127.0.0.1;Port=9;Database=faultmaven;Username=faultmaven",
            [key.Replace(":", "__", StringComparison.Ordinal).ToUpperInvariant()] = "abc",
        };
        await using var service = ServiceProcess.Start(project, assembly, environment, "--urls", $"http://127.0.0.1:{ServiceProcess.FreePort()}");

        var exitCode = await service.WaitForExitOrStall(TimeSpan.FromSeconds(60));

        output.WriteLine($"exit {exitCode}\n{service.Output}");
        Assert.Equal(2, exitCode);
        var line = Assert.Single(service.Output.Split('\n'), line => line.Contains(key, StringComparison.Ordinal));
        Assert.Contains($"Invalid configuration: {key} must be a whole number (was 'abc')", line, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", service.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", service.Output, StringComparison.Ordinal);
    }
}
