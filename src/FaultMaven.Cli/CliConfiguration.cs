using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace FaultMaven.Cli;

/// <summary>The CLI reads the services' settings from <c>FAULTMAVEN__...</c> environment variables and an optional appsettings.json.</summary>
public static class CliConfiguration
{
    public static IConfiguration Load() => new ConfigurationBuilder()
        .AddJsonFile(Path.Combine(Directory.GetCurrentDirectory(), "appsettings.json"), optional: true)
        .AddEnvironmentVariables()
        .Build();

    public static IOptions<T> Bind<T>(this IConfiguration configuration, string section)
        where T : class, new() =>
        Options.Create(configuration.GetSection(section).Get<T>() ?? new T());
}
