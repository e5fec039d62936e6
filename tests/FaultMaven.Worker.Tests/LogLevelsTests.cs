using FaultMaven.ServiceDefaults;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using Serilog;
using Serilog.Core;
using Serilog.Events;

namespace FaultMaven.Worker.Tests;

/// <summary>
/// Per-namespace log levels (FaultMaven:Logging:Levels) on a real Serilog logger built as the services build theirs
/// (minimum level from <see cref="LogLevels.Floor"/>, <see cref="LogLevels"/> as filter), changed by a configuration reload.
/// </summary>
public sealed class LogLevelsTests
{
    [Fact]
    public void A_namespace_lowered_to_debug_by_a_configuration_reload_logs_debug_while_its_neighbours_stay_at_information()
    {
        var configuration = new ConfigurationManager();
        configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Serilog:MinimumLevel:Default"] = "Information" });
        var (logger, written) = Logger(new LogLevels(configuration));

        logger.ForContext(Constants.SourceContextPropertyName, "FaultMaven.Worker.Sinks.TopicSink").Debug("before");
        configuration["FaultMaven:Logging:Levels:FaultMaven.Worker.Sinks"] = "Debug";
        ((IConfigurationRoot)configuration).Reload();
        logger.ForContext(Constants.SourceContextPropertyName, "FaultMaven.Worker.Sinks.TopicSink").Debug("after");
        logger.ForContext(Constants.SourceContextPropertyName, "FaultMaven.Worker.SinksOfOtherKinds").Debug("a name that only starts alike");
        logger.ForContext(Constants.SourceContextPropertyName, "FaultMaven.Pipeline.LogPipelineTopology").Debug("neighbour");
        logger.ForContext(Constants.SourceContextPropertyName, "FaultMaven.Pipeline.LogPipelineTopology").Information("neighbour's information");

        Assert.Equal(["after", "neighbour's information"], written);
    }

    [Fact]
    public void The_longest_namespace_wins_and_the_built_in_command_levels_give_way_to_configured_ones()
    {
        var levels = new LogLevels(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["FaultMaven:Logging:Levels:Default"] = "Warning",
            ["FaultMaven:Logging:Levels:FaultMaven"] = "Information",
            ["FaultMaven:Logging:Levels:FaultMaven.Worker"] = "Error",
            ["Serilog:MinimumLevel:Override:Npgsql"] = "Debug",
        }).Build());

        Assert.Equal(
            [LogEventLevel.Warning, LogEventLevel.Information, LogEventLevel.Error, LogEventLevel.Warning, LogEventLevel.Debug],
            [levels.LevelFor("Microsoft.AspNetCore.Hosting"), levels.LevelFor("FaultMaven.Api"), levels.LevelFor("FaultMaven.Worker.Sinks"), levels.LevelFor("Npgsql.Command"), levels.LevelFor("Npgsql.Connection")]);
        Assert.Equal(LogEventLevel.Debug, levels.Floor.MinimumLevel);
    }

    [Fact]
    public void A_level_that_is_not_a_serilog_level_fails_the_start_naming_its_key_and_a_bad_reload_keeps_the_levels_in_force()
    {
        var failure = Assert.Throws<OptionsValidationException>(() => new LogLevels(new ConfigurationBuilder().AddInMemoryCollection(
            new Dictionary<string, string?> { ["FaultMaven:Logging:Levels:FaultMaven.Worker"] = "Loud" }).Build()));
        Assert.Contains("FaultMaven:Logging:Levels:FaultMaven.Worker is 'Loud'", failure.Message, StringComparison.Ordinal);

        var configuration = new ConfigurationManager();
        configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["FaultMaven:Logging:Levels:FaultMaven.Worker"] = "Debug" });
        var levels = new LogLevels(configuration);
        configuration["FaultMaven:Logging:Levels:FaultMaven.Worker"] = "3";
        ((IConfigurationRoot)configuration).Reload();

        Assert.Equal(LogEventLevel.Debug, levels.LevelFor("FaultMaven.Worker.Program"));
    }

    private static (Logger Logger, List<string> Written) Logger(LogLevels levels)
    {
        var written = new List<string>();
        var logger = new LoggerConfiguration()
            .MinimumLevel.ControlledBy(levels.Floor)
            .Filter.With(levels)
            .WriteTo.Sink(new CollectingSink(written))
            .CreateLogger();
        return (logger, written);
    }

    private sealed class CollectingSink(List<string> written) : ILogEventSink
    {
        public void Emit(LogEvent logEvent) => written.Add(logEvent.RenderMessage());
    }
}
