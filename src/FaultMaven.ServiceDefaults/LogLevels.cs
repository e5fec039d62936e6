using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;
using Serilog.Core;
using Serilog.Events;

namespace FaultMaven.ServiceDefaults;

/// <summary>
/// Log levels per namespace that change while the service runs. Read from <c>FaultMaven:Logging:Levels</c> (a namespace,
/// e.g. <c>FaultMaven.Worker.Sinks</c>, to a Serilog level; <c>Default</c> for every other one), over the <c>Serilog</c>
/// section's <c>MinimumLevel</c> (<c>Default</c> and <c>Override</c>), over the built-in defaults (Npgsql's and EF Core's
/// per-command lines only from Warning); read again whenever the configuration reloads (appsettings.json edited, a mounted
/// ConfigMap replaced). The longest namespace that prefixes an event's source context decides, on whole name segments.
/// </summary>
/// <remarks>
/// Serilog's own overrides are fixed when the logger is built; this filter is not. <see cref="Floor"/>, the logger's
/// minimum level, follows the lowest level any namespace asks for, so events that no namespace wants are not even created.
/// </remarks>
public sealed class LogLevels : ILogEventFilter
{
    public const string Section = "FaultMaven:Logging:Levels";
    public const string DefaultKey = "Default";

    private static readonly Dictionary<string, LogEventLevel> BuiltIn = new(StringComparer.Ordinal)
    {
        ["Npgsql.Command"] = LogEventLevel.Warning,
        ["Microsoft.EntityFrameworkCore.Database.Command"] = LogEventLevel.Warning,
    };

    private readonly IConfiguration configuration;
    private volatile Levels current;

    /// <exception cref="OptionsValidationException">A level is not a Serilog level name; the message names its key.</exception>
    public LogLevels(IConfiguration configuration)
    {
        this.configuration = configuration;
        var (levels, failures) = Read(configuration);
        if (failures.Count > 0)
        {
            throw new OptionsValidationException(Section, typeof(LogLevels), failures);
        }

        current = levels;
        Floor.MinimumLevel = levels.Lowest;
        ChangeToken.OnChange(configuration.GetReloadToken, Reload);
    }

    /// <summary>The logger's minimum level: the lowest level of the default and every namespace.</summary>
    public LoggingLevelSwitch Floor { get; } = new();

    /// <summary>The level an event from <paramref name="sourceContext"/> (a logger's category) needs to be written.</summary>
    public LogEventLevel LevelFor(string? sourceContext)
    {
        var levels = current;
        if (sourceContext is null)
        {
            return levels.Default;
        }

        // The longest configured namespace first, so FaultMaven.Worker.Sinks beats FaultMaven.
        foreach (var (name, level) in levels.ByNamespace)
        {
            if (sourceContext.StartsWith(name, StringComparison.Ordinal)
                && (sourceContext.Length == name.Length || sourceContext[name.Length] is '.' or '+' or '`'))
            {
                return level;
            }
        }

        return levels.Default;
    }

    public bool IsEnabled(LogEvent logEvent) =>
        logEvent.Level >= LevelFor(logEvent.Properties.TryGetValue(Constants.SourceContextPropertyName, out var value) && value is ScalarValue { Value: string name } ? name : null);

    /// <summary>Takes the reloaded levels; a reload with a bad level keeps the levels in force (the bad key is reported at the next start).</summary>
    private void Reload()
    {
        var (levels, failures) = Read(configuration);
        if (failures.Count == 0)
        {
            current = levels;
            Floor.MinimumLevel = levels.Lowest;
        }
        else
        {
            Serilog.Debugging.SelfLog.WriteLine("Log levels not reloaded: {0}", string.Join("; ", failures));
        }
    }

    private static (Levels Levels, List<string> Failures) Read(IConfiguration configuration)
    {
        var failures = new List<string>();
        var byNamespace = new Dictionary<string, LogEventLevel>(BuiltIn, StringComparer.Ordinal);
        var serilog = configuration.GetSection("Serilog:MinimumLevel");
        var fallback = Parse(serilog.Value is { Length: > 0 } ? serilog.Path : $"{serilog.Path}:Default", configuration, LogEventLevel.Information, failures);
        foreach (var entry in serilog.GetSection("Override").GetChildren())
        {
            byNamespace[entry.Key] = Parse(entry.Path, configuration, LogEventLevel.Information, failures);
        }

        foreach (var entry in configuration.GetSection(Section).GetChildren().Where(e => e.Key != DefaultKey))
        {
            byNamespace[entry.Key] = Parse(entry.Path, configuration, LogEventLevel.Information, failures);
        }

        var defaultLevel = Parse($"{Section}:{DefaultKey}", configuration, fallback, failures);
        var ordered = byNamespace.OrderByDescending(entry => entry.Key.Length).Select(entry => (entry.Key, entry.Value)).ToArray();
        return (new Levels(defaultLevel, ordered), failures);
    }

    private static LogEventLevel Parse(string key, IConfiguration configuration, LogEventLevel absent, List<string> failures)
    {
        var text = configuration[key];
        if (string.IsNullOrWhiteSpace(text))
        {
            return absent;
        }

        if (Enum.TryParse<LogEventLevel>(text, ignoreCase: true, out var level) && Enum.IsDefined(level) && !int.TryParse(text, out _))
        {
            return level;
        }

        failures.Add($"{key} is '{text}'; use one of {string.Join(", ", Enum.GetNames<LogEventLevel>())}.");
        return absent;
    }

    private sealed record Levels(LogEventLevel Default, (string Namespace, LogEventLevel Level)[] ByNamespace)
    {
        public LogEventLevel Lowest => ByNamespace.Select(entry => entry.Level).Append(Default).Min();
    }
}
