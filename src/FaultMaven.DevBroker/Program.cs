using FaultMaven.DevBroker;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { ContentRootPath = AppContext.BaseDirectory });
builder.Configuration.AddJsonFile("faultmaven-devbroker.json", optional: false);
// Again after the file, so FAULTMAVEN__DEVBROKER__* overrides it; flags override both.
builder.Configuration.AddEnvironmentVariables();
builder.Configuration.AddCommandLine(args, new Dictionary<string, string>
{
    ["--port"] = $"{DevBrokerOptions.Section}:{nameof(DevBrokerOptions.Port)}",
    ["--partitions"] = $"{DevBrokerOptions.Section}:{nameof(DevBrokerOptions.Partitions)}",
    ["--broker-count"] = $"{DevBrokerOptions.Section}:{nameof(DevBrokerOptions.BrokerCount)}",
    ["--bootstrap-file"] = $"{DevBrokerOptions.Section}:{nameof(DevBrokerOptions.BootstrapFile)}",
    ["--epoch-file"] = $"{DevBrokerOptions.Section}:{nameof(DevBrokerOptions.EpochFile)}",
});

try
{
    var options = builder.Configuration.GetSection(DevBrokerOptions.Section).Get<DevBrokerOptions>() ?? new DevBrokerOptions();
    options.ThrowIfInvalid();
    builder.Services.AddSingleton(options);
    builder.Services.AddHostedService<DevBrokerService>();
    await builder.Build().RunAsync();
    return 0;
}
catch (Exception e) when (e is InvalidDevBrokerOptionsException or PortInUseException or InvalidOperationException)
{
    await Console.Error.WriteLineAsync($"faultmaven-devbroker: {e.Message}");
    return 1;
}
