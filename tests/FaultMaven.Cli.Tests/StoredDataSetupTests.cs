using System.Text.Json;
using FaultMaven.Analysis.Detection;
using FaultMaven.Cli.Stored;
using FaultMaven.Testing.Postgres;
using FaultMaven.Testing.Processes;
using Spectre.Console.Cli;

namespace FaultMaven.Cli.Tests;

/// <summary>The stored-data commands before there is anything to read: an empty store, no instance, a stopped one, bad options, --help.</summary>
public sealed class StoredDataSetupTests(PostgresFixture postgres) : IClassFixture<PostgresFixture>
{
    [Fact]
    public async Task An_empty_store_says_nothing_is_stored_yet_and_how_rows_arrive_and_json_has_no_items()
    {
        await using var cli = new StoredDataCli(postgres.ConnectionString);

        var logs = await cli.LogsAsync(new LogsCommand.Settings());
        var findings = await cli.FindingsAsync(new FindingsCommand.Settings());
        var incidents = await cli.IncidentsAsync(new IncidentsCommand.Settings());
        var narrowed = await cli.LogsAsync(new LogsCommand.Settings { Source = "checkout" });
        var json = await cli.FindingsAsync(new FindingsCommand.Settings { Json = true });

        Assert.True(logs.ExitCode == 0, logs.ToString());
        Assert.StartsWith("No log lines stored yet: send some with fm push FILE", logs.Output, StringComparison.Ordinal);
        Assert.StartsWith("No findings stored yet:", findings.Output, StringComparison.Ordinal);
        Assert.StartsWith("No incidents stored yet:", incidents.Output, StringComparison.Ordinal);
        Assert.StartsWith("No log lines match these options.", narrowed.Output, StringComparison.Ordinal);
        using var page = JsonDocument.Parse(json.Output);
        Assert.Equal(0, page.RootElement.GetProperty("items").GetArrayLength());
        Assert.Equal(JsonValueKind.Null, page.RootElement.GetProperty("nextCursor").ValueKind);
    }

    [Fact]
    public async Task Without_a_running_instance_each_command_names_the_setting_as_fm_status_does()
    {
        await using var cli = new StoredDataCli(connectionString: null);

        var runs = new[]
        {
            await cli.LogsAsync(new LogsCommand.Settings()),
            await cli.FindingsAsync(new FindingsCommand.Settings()),
            await cli.IncidentsAsync(new IncidentsCommand.Settings()),
            await cli.ShowAsync(new IncidentShowCommand.Settings { Id = "inc-00000000" }),
        };

        Assert.All(runs, run =>
        {
            Assert.Equal(1, run.ExitCode);
            Assert.Equal("", run.Output);
            Assert.Equal($"error: {CliConfiguration.NotSet("FaultMaven:Postgres:ConnectionString")}", run.Errors.TrimEnd());
        });
    }

    [Fact]
    public async Task A_stopped_instance_is_reported_with_its_address_not_a_stack_trace()
    {
        var port = ServiceProcess.FreePort();
        await using var cli = new StoredDataCli($"Host=127.0.0.1;Port={port};Database=faultmaven;Username=faultmaven;Password=x;Timeout=2");

        var run = await cli.LogsAsync(new LogsCommand.Settings());

        Assert.Equal(1, run.ExitCode);
        Assert.StartsWith($"error: cannot read PostgreSQL at 127.0.0.1:{port} (", run.Errors, StringComparison.Ordinal);
        Assert.Contains("start scripts/run.sh", run.Errors, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", run.Errors, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_kind_is_an_error_naming_every_kind_as_the_api_answers_it()
    {
        var run = await FmAsync("findings", "--kind", "bogus");

        Assert.NotEqual(0, run.ExitCode);
        var message = string.Join(" ", run.Lines.Select(line => line.Trim()));
        Assert.Contains("--kind 'bogus' is not a kind; use one of", message, StringComparison.Ordinal);
        Assert.All(FindingKinds.All, kind => Assert.Contains(kind, message, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Incidents_alone_is_the_list_and_takes_its_options()
    {
        var run = await FmAsync("incidents", "--status", "closed");

        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains("--status 'closed' is not a status; use open or resolved", run.Output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("logs", "--level")]
    [InlineData("findings", "--severity")]
    public async Task Other_bad_options_are_errors_naming_the_option(string command, string levelOption)
    {
        var level = await FmAsync(command, levelOption, "loud");
        var time = await FmAsync(command, "--from", "yesterday-ish");
        var range = await FmAsync(command, "--from", "2026-12-01T10:00:00Z", "--to", "2026-12-01T09:00:00Z");
        var limit = await FmAsync(command, "--limit", "0");

        Assert.Contains($"{levelOption} 'loud' is not a {levelOption.TrimStart('-')}; use one of unknown, trace, debug, info, warn, error, fatal", string.Join(" ", level.Lines.Select(line => line.Trim())), StringComparison.Ordinal);
        Assert.Contains("--from 'yesterday-ish' is not an ISO 8601 time", time.Output, StringComparison.Ordinal);
        Assert.Contains("--to must be later than --from", range.Output, StringComparison.Ordinal);
        Assert.Contains("--limit must be between 1 and 1000", limit.Output, StringComparison.Ordinal);
        Assert.All(new[] { level, time, range, limit }, run => Assert.NotEqual(0, run.ExitCode));
    }

    [Fact]
    public async Task Help_lists_the_stored_data_commands_and_each_command_describes_its_options()
    {
        var fm = await FmAsync("--help");
        var logs = await FmAsync("logs", "--help");
        var findings = await FmAsync("findings", "--help");
        var incidents = await FmAsync("incidents", "--help");
        var list = await FmAsync("incidents", "list", "--help");
        var show = await FmAsync("incidents", "show", "--help");

        Assert.Matches(@"(?m)^\s+logs\s+Lists stored log lines", fm.Output);
        Assert.Matches(@"(?m)^\s+findings\s+Lists stored findings", fm.Output);
        Assert.Matches(@"(?m)^\s+incidents\s+Incidents", fm.Output);
        Assert.All(new[] { "--source", "--level", "--from", "--to", "--limit", "--cursor", "--json" }, option => Assert.Contains(option, logs.Output, StringComparison.Ordinal));
        Assert.All(new[] { "--kind", "--severity" }, option => Assert.Contains(option, findings.Output, StringComparison.Ordinal));
        Assert.Matches(@"(?m)^\s+list\s+Lists incidents", incidents.Output);
        Assert.Matches(@"(?m)^\s+show <ID>\s+Shows one incident", incidents.Output);
        Assert.Contains("--status", list.Output, StringComparison.Ordinal);
        Assert.Contains("<ID>", show.Output, StringComparison.Ordinal);
        Assert.All(new[] { fm, logs, findings, incidents, list, show }, run => Assert.True(run.Lines.All(line => line.TrimEnd().Length <= StoredDataCli.Width), run.ToString()));
    }

    /// <summary>The real <c>fm</c> command tree in-process, on an 80-column console; for what is decided before a command reads anything.</summary>
    private static async Task<CliRun> FmAsync(params string[] arguments)
    {
        using var output = new StringWriter();
        var console = StoredDataCli.Console(output);
        var app = new CommandApp();
        app.Configure(config =>
        {
            FmCommands.Configure(config);
            config.Settings.Console = console;
        });
        var exitCode = await app.RunAsync(arguments);
        return new CliRun(exitCode, output.ToString(), "");
    }
}
