using System.Security.Cryptography;
using FaultMaven.Cli.Stored;
using FaultMaven.Storage;
using FaultMaven.Storage.Encryption;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;
using Spectre.Console.Cli;

namespace FaultMaven.Cli.Tests;

/// <summary>What a stored-data command printed: its exit code, standard output (80 columns wide) and standard error.</summary>
internal sealed record CliRun(int ExitCode, string Output, string Errors)
{
    public string[] Lines => Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => line.TrimEnd()).ToArray();

    public override string ToString() => $"exit {ExitCode}\n--- stdout ---\n{Output}\n--- stderr ---\n{Errors}";
}

/// <summary>
/// The settings run.sh's connection.json gives <c>fm</c> (a database and a key file of one random key), the storage
/// services built from them exactly as the commands build theirs (so rows written through them are what the worker
/// would have stored), and the commands run in-process on an 80-column console.
/// </summary>
internal sealed class StoredDataCli : IAsyncDisposable
{
    public const int Width = 80;

    private readonly string directory = Directory.CreateTempSubdirectory("fm-stored-").FullName;
    private readonly Dictionary<string, string?> settings;
    private ServiceProvider? storage;

    public StoredDataCli(string? connectionString)
    {
        var keyFile = Path.Combine(directory, "keys.json");
        new KeyFile("k1", new Dictionary<string, string> { ["k1"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(KeyRing.KeySize)) }).Write(keyFile);
        settings = new Dictionary<string, string?>
        {
            [$"{PostgresOptions.SectionName}:ConnectionString"] = connectionString,
            [$"{EncryptionOptions.SectionName}:KeyFile"] = keyFile,
        };
    }

    public IConfiguration Configuration => new ConfigurationBuilder().AddInMemoryCollection(settings).Build();

    /// <summary>The same settings as environment variables, for the real <c>fm</c> in a child process (<c>FmCommand.Run</c>).</summary>
    public IReadOnlyDictionary<string, string> Environment =>
        settings.Where(setting => setting.Value is not null).ToDictionary(setting => setting.Key.Replace(":", "__", StringComparison.Ordinal).ToUpperInvariant(), setting => setting.Value!);

    /// <summary>The storage services the commands read with, for writing the rows they should find.</summary>
    public IServiceProvider Storage => storage ??= StorageServiceCollectionExtensions.BuildFaultMavenStorage(Configuration);

    public Task<CliRun> LogsAsync(LogsCommand.Settings settings) => RunAsync(terminal => new LogsCommand(terminal), settings);

    public Task<CliRun> FindingsAsync(FindingsCommand.Settings settings) => RunAsync(terminal => new FindingsCommand(terminal), settings);

    public Task<CliRun> DeadLettersAsync(DeadLettersCommand.Settings settings) => RunAsync(terminal => new DeadLettersCommand(terminal), settings);

    public Task<CliRun> IncidentsAsync(IncidentsCommand.Settings settings) => RunAsync(terminal => new IncidentsCommand(terminal), settings);

    public Task<CliRun> ShowAsync(IncidentShowCommand.Settings settings) => RunAsync(terminal => new IncidentShowCommand(terminal), settings);

    /// <summary>Checks the settings as Spectre.Console.Cli does before it runs a command, then runs it.</summary>
    private async Task<CliRun> RunAsync<TSettings>(Func<StoredDataTerminal, AsyncCommand<TSettings>> create, TSettings commandSettings)
        where TSettings : CommandSettings
    {
        var validation = commandSettings.Validate();
        if (!validation.Successful)
        {
            return new CliRun(-1, "", validation.Message ?? "");
        }

        using var output = new StringWriter();
        using var errors = new StringWriter();
        var command = create(new StoredDataTerminal(() => Configuration, Console(output), errors));
        var exitCode = await command.ExecuteAsync(new CommandContext([], NoRemainingArguments.Instance, "fm", null), commandSettings, CancellationToken.None);
        return new CliRun(exitCode, output.ToString(), errors.ToString());
    }

    /// <summary>A console <see cref="Width"/> columns wide writing plain text (no colours, no cursor moves) to <paramref name="output"/>.</summary>
    public static IAnsiConsole Console(TextWriter output)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(output),
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
        });
        console.Profile.Width = Width;
        return console;
    }

    public async ValueTask DisposeAsync()
    {
        if (storage is not null)
        {
            await storage.DisposeAsync();
        }

        Directory.Delete(directory, recursive: true);
    }
}

/// <summary>A command line with nothing left after the command's own options.</summary>
internal sealed class NoRemainingArguments : IRemainingArguments
{
    public static NoRemainingArguments Instance { get; } = new();

    public ILookup<string, string?> Parsed { get; } = Array.Empty<string>().ToLookup(argument => argument, argument => (string?)argument);

    public IReadOnlyList<string> Raw { get; } = [];
}
