using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace FaultMaven.Cli;

/// <summary>
/// The CLI's settings, later sources winning: its defaults, the running instance's <see cref="FaultMavenHome.ConnectionFile"/>,
/// an optional appsettings.json in the current folder, then the services' <c>FAULTMAVEN__...</c> environment variables.
/// </summary>
public static class CliConfiguration
{
    /// <summary>
    /// librdkafka writes its own log lines (CONFWARN, FAIL, ...) straight to standard error; the CLI reports what failed in
    /// its own words instead, so it turns them off unless <c>FaultMaven:Kafka:Client:log_level</c> is set.
    /// </summary>
    private static readonly Dictionary<string, string?> Defaults = new() { ["FaultMaven:Kafka:Client:log_level"] = "0" };

    public static IConfiguration Load() => new ConfigurationBuilder()
        .AddInMemoryCollection(Defaults)
        .AddRunningInstance()
        .AddJsonFile(Path.Combine(Directory.GetCurrentDirectory(), "appsettings.json"), optional: true)
        .AddEnvironmentVariables()
        .Build();

    /// <summary>What to tell the user when <paramref name="key"/> has no value, e.g. no instance is running.</summary>
    public static string NotSet(string key) =>
        $"{key} is not set: start scripts/run.sh (it writes {FaultMavenHome.ConnectionFile}) or set {key.Replace(":", "__", StringComparison.Ordinal).ToUpperInvariant()}";

    public static IOptions<T> Bind<T>(this IConfiguration configuration, string section)
        where T : class, new() =>
        Options.Create(configuration.GetSection(section).Get<T>() ?? new T());
}
