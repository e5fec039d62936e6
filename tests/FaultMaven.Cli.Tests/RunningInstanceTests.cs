using System.Text.Json;
using System.Text.RegularExpressions;
using FaultMaven.Contracts;
using FaultMaven.Testing.Kafka;
using FaultMaven.Testing.Postgres;
using FaultMaven.Testing.Processes;
using Npgsql;

namespace FaultMaven.Cli.Tests;

/// <summary>
/// fm next to a running instance: it reads $FAULTMAVEN_HOME/connection.json, in the shape scripts/run.sh writes it (the
/// database password in a file of its own), with no other setting; its console output is its own and fits 80 columns.
/// </summary>
public sealed partial class RunningInstanceTests(PostgresFixture postgres, DevBrokerFixture broker)
    : IClassFixture<PostgresFixture>, IClassFixture<DevBrokerFixture>, IDisposable
{
    private const int Columns = 80;

    private readonly string home = Directory.CreateTempSubdirectory("fm-home-").FullName;

    [Fact]
    public async Task Status_finds_the_broker_and_the_database_through_the_connection_file_of_the_running_instance()
    {
        WriteConnectionFile(broker.BootstrapServers);
        await new KafkaTestClient(broker.BootstrapServers).ProduceAsync(Topics.Raw, ["one", "two", "three"], key: "status-test");

        var result = Fm("status");

        Assert.True(result.ExitCode == 0, result.Output);
        Assert.Contains($"logs.raw has {DevBrokerFixture.PipelinePartitions} partitions", result.Text);
        Assert.Contains("PostgreSQL", result.Output);
        // One row per consumer group: the group, its topic, flow control's limit, then the lag in records, which may wrap at
        // words (a word split across lines would not match).
        Assert.Matches(@"faultmaven-pipeline\s+logs\.raw\s+64\s+3\s+on\s+partition\s+\d+\s+faultmaven-pipeline-sink-logs\s+logs\.normalized\s+64\s+caught\s+up", result.Output);
        AssertOwnOutputWithin80Columns(result);
    }

    [Fact]
    public void An_environment_variable_wins_over_the_connection_file_and_an_unreachable_broker_prints_no_library_log_lines()
    {
        WriteConnectionFile(broker.BootstrapServers);
        var nowhere = $"127.0.0.1:{ServiceProcess.FreePort()}";

        var result = Fm("status", ("FAULTMAVEN__KAFKA__BOOTSTRAPSERVERS", nowhere));

        Assert.Equal(1, result.ExitCode);
        Assert.Contains($"broker {nowhere} unreachable", result.Text);
        Assert.Contains("PostgreSQL", result.Output);
        AssertOwnOutputWithin80Columns(result);
    }

    [Fact]
    public void Without_a_running_instance_status_says_how_to_start_one()
    {
        var result = Fm("status");

        Assert.Equal(1, result.ExitCode);
        var text = result.Text;
        Assert.Contains("FaultMaven:Kafka:BootstrapServers is not set", text);
        Assert.Contains("scripts/run.sh", text);
        Assert.Contains(Path.Combine(home, "connection.json"), text);
        // Wrapped at words, never inside one (a bordered table once left the details 23 columns and split the names).
        Assert.Contains(Path.Combine(home, "connection.json"), result.Output);
        Assert.Contains("FAULTMAVEN__POSTGRES__CONNECTIONSTRING", result.Output);
        AssertOwnOutputWithin80Columns(result);
    }

    [Theory]
    [InlineData("")]
    [InlineData("keys")]
    [InlineData("audit")]
    [InlineData("admin")]
    public void Help_describes_every_command(string branch)
    {
        var result = Fm([.. branch.Split(' ', StringSplitOptions.RemoveEmptyEntries), "--help"]);

        Assert.True(result.ExitCode == 0, result.Output);
        var commands = CommandLines(result.StandardOutput);
        Assert.NotEmpty(commands);
        Assert.All(commands, line => Assert.Matches(@"^    \S+( <[A-Z_]+>)*\s{2,}\S", line));
        AssertOwnOutputWithin80Columns(result);
    }

    [Fact]
    public void The_readme_command_line_section_names_every_command_fm_help_lists()
    {
        var readme = File.ReadAllText(Path.Combine(RepositoryPaths.Root, "README.md"));
        var section = readme[readme.IndexOf("\n## Command line\n", StringComparison.Ordinal)..];
        section = section[..(section.IndexOf("\n## ", 5, StringComparison.Ordinal) is > 0 and var end ? end : section.Length)];
        // A command is named in backticks (`logs`), a branch with its commands (`keys rotate|status`).
        var named = CodeSpan().Matches(section).Select(span => span.Groups[1].Value).ToList();
        var missing = new List<string>();
        foreach (var command in CommandNames(Fm(["--help"]).StandardOutput))
        {
            var subcommands = CommandNames(Fm([command, "--help"]).StandardOutput);
            var spans = named.Where(span => Regex.IsMatch(span, $@"^{Regex.Escape(command)}\b")).ToList();
            missing.AddRange(spans.Count == 0
                ? [command]
                : subcommands.Where(sub => !spans.Any(span => Regex.IsMatch(span, $@"[ |\[]{Regex.Escape(sub)}\b"))).Select(sub => $"{command} {sub}"));
        }

        Assert.True(missing.Count == 0, $"README.md's Command line section does not name: {string.Join(", ", missing)}");
    }

    public void Dispose() => Directory.Delete(home, recursive: true);

    /// <summary>What run.sh writes: the connection string without its password, and where the password is.</summary>
    private void WriteConnectionFile(string bootstrapServers)
    {
        var connection = new NpgsqlConnectionStringBuilder(postgres.ConnectionString);
        var passwordFile = Path.Combine(home, "password");
        File.WriteAllText(passwordFile, connection.Password + "\n");
        connection.Password = null;
        File.WriteAllText(Path.Combine(home, "connection.json"), JsonSerializer.Serialize(new
        {
            FaultMaven = new
            {
                Kafka = new { BootstrapServers = bootstrapServers },
                Postgres = new { ConnectionString = connection.ConnectionString, PasswordFile = passwordFile },
            },
        }));
    }

    private FmResult Fm(string command, params (string Name, string Value)[] environment) => Fm([command], environment);

    private FmResult Fm(string[] arguments, params (string Name, string Value)[] environment)
    {
        var variables = new Dictionary<string, string> { ["FAULTMAVEN_HOME"] = home, ["COLUMNS"] = Columns.ToString(System.Globalization.CultureInfo.InvariantCulture) };
        foreach (var (name, value) in environment)
        {
            variables[name] = value;
        }

        return FmCommand.Run(variables, arguments);
    }

    /// <summary>librdkafka's own lines look like <c>%4|1764...|CONFWARN|rdkafka#producer-1| ...</c>.</summary>
    /// <param name="unwrapped">Lines printed whole on purpose (a command to copy), which the terminal may fold.</param>
    internal static void AssertOwnOutputWithin80Columns(FmResult result, Func<string, bool>? unwrapped = null)
    {
        Assert.DoesNotMatch(LibraryLogLine(), result.Output);
        var lines = result.Output.Split('\n').Select(line => line.TrimEnd()).Where(line => unwrapped?.Invoke(line) != true).ToList();
        Assert.True(lines.All(line => line.Length <= Columns), $"a line is wider than {Columns} columns:\n{result.Output}");
    }

    /// <summary>The lines of the COMMANDS section that name a command (continuation lines are indented further).</summary>
    private static List<string> CommandLines(string help) =>
        help.Split('\n').SkipWhile(line => !line.StartsWith("COMMANDS:", StringComparison.Ordinal)).Skip(1)
            .TakeWhile(line => line.Trim().Length > 0)
            .Where(line => line.StartsWith("    ", StringComparison.Ordinal) && !line.StartsWith("     ", StringComparison.Ordinal))
            .ToList();

    /// <summary>The names of the commands a help text lists.</summary>
    private static List<string> CommandNames(string help) => [.. CommandLines(help).Select(line => line.Trim().Split(' ')[0])];

    [GeneratedRegex("`([^`]+)`")]
    private static partial Regex CodeSpan();

    [GeneratedRegex(@"\|(CONFWARN|FAIL|ERROR)\||rdkafka#")]
    private static partial Regex LibraryLogLine();
}
