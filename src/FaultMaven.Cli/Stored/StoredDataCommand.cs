using System.Text.Json;
using FaultMaven.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using Npgsql;
using Spectre.Console;
using Spectre.Console.Cli;

namespace FaultMaven.Cli.Stored;

/// <summary>Where a stored-data command reads its settings and writes: the running instance and the terminal, or a test's.</summary>
/// <param name="Configuration">Read when the command runs (not when it is constructed, so --help and bad options need no instance).</param>
/// <param name="Console">Tables and JSON; its width is the width tables fit.</param>
/// <param name="Errors">What went wrong, for people; nothing else.</param>
public sealed record StoredDataTerminal(Func<IConfiguration> Configuration, IAnsiConsole Console, TextWriter Errors)
{
    /// <summary>The instance <see cref="CliConfiguration.Load"/> finds, standard output and standard error.</summary>
    public static StoredDataTerminal Default => new(CliConfiguration.Load, AnsiConsole.Console, System.Console.Error);
}

/// <summary>
/// A command that reads what FaultMaven stored straight from PostgreSQL, through the repositories the API reads with
/// (with every source visible: whoever holds the database password and the key file can read every row anyway), and
/// turns a missing or stopped instance into one line on standard error and exit code 1.
/// </summary>
public abstract class StoredDataCommand<TSettings>(StoredDataTerminal terminal) : AsyncCommand<TSettings>
    where TSettings : CommandSettings
{
    private const string ConnectionStringKey = $"{PostgresOptions.SectionName}:ConnectionString";

    protected IAnsiConsole Console => terminal.Console;

    public sealed override async Task<int> ExecuteAsync(CommandContext context, TSettings settings, CancellationToken cancellationToken)
    {
        var configuration = terminal.Configuration();
        var connectionString = configuration[ConnectionStringKey];
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            return Fail(CliConfiguration.NotSet(ConnectionStringKey));
        }

        try
        {
            await using var storage = StorageServiceCollectionExtensions.BuildFaultMavenStorage(configuration);
            return await ReadAsync(storage, settings, cancellationToken);
        }
        catch (OptionsValidationException invalid)
        {
            return Fail(invalid.Message);
        }
        catch (NpgsqlException unreachable)
        {
            var server = new NpgsqlConnectionStringBuilder(connectionString);
            return Fail($"cannot read PostgreSQL at {server.Host}:{server.Port} ({unreachable.Message}): start scripts/run.sh, or check {ConnectionStringKey} in {FaultMavenHome.ConnectionFile}");
        }
        catch (ArgumentException badCursor) when (badCursor.ParamName == "cursor")
        {
            return Fail("--cursor is not a cursor this command printed: copy it whole from the previous page");
        }
    }

    /// <summary>Reads and prints; returns the exit code.</summary>
    protected abstract Task<int> ReadAsync(IServiceProvider storage, TSettings settings, CancellationToken cancellationToken);

    /// <summary>Writes <c>error: message</c> to standard error, its control characters escaped; returns the exit code 1.</summary>
    protected int Fail(string message)
    {
        terminal.Errors.WriteLine($"error: {ControlCharacters.Escape(message)}");
        return 1;
    }

    /// <summary>Writes <paramref name="value"/> as <see cref="CliJson"/> JSON to standard output.</summary>
    protected void WriteJson<T>(T value) => Console.Profile.Out.Writer.WriteLine(JsonSerializer.Serialize(value, CliJson.Options));

    /// <summary>
    /// A page as a table, with what to do next: an empty page says whether nothing is stored or nothing matches, and a page
    /// with more after it names the cursor; or the page as JSON.
    /// </summary>
    protected void WritePage<TItem, TResponse>(Page<TItem> page, StoredListSettings settings, Func<TItem, TResponse> toResponse, Func<IReadOnlyList<TItem>, FittedTable> table, string noun, string howToAdd)
    {
        if (settings.Json)
        {
            WriteJson(new Page<TResponse>(page.Items.Select(toResponse).ToList(), page.NextCursor));
            return;
        }

        if (page.Items.Count == 0)
        {
            Console.WriteLine(settings.Narrowed ? $"No {noun} match these options." : $"No {noun} stored yet: {howToAdd}");
            return;
        }

        Console.Write(table(page.Items).Build(Console.Profile.Width));
        if (page.NextCursor is { } cursor)
        {
            // Whole on one line, past the terminal's width if need be: wrapped, the cursor lands on a line of its own and a
            // copy of the "More" line takes nothing.
            Console.Profile.Out.Writer.WriteLine($"More: add --cursor {cursor}");
        }
    }
}
