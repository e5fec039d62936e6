using System.ComponentModel;
using FaultMaven.Identity;
using FaultMaven.Storage;
using Microsoft.Extensions.Logging.Abstractions;
using Spectre.Console;
using Spectre.Console.Cli;

namespace FaultMaven.Cli.Commands;

[Description("Applies the database migrations (identity store, then FaultMaven's tables and the services' grants) as the tables' owner, to the running instance's PostgreSQL (or FAULTMAVEN__POSTGRES__CONNECTIONSTRING).")]
public sealed class MigrateCommand : AsyncCommand
{
    public override async Task<int> ExecuteAsync(CommandContext context, CancellationToken cancellationToken)
    {
        var postgres = CliConfiguration.Load().Bind<PostgresOptions>(PostgresOptions.SectionName);
        if (string.IsNullOrWhiteSpace(postgres.Value.ConnectionString))
        {
            AnsiConsole.MarkupLine($"[red]{Markup.Escape(CliConfiguration.NotSet($"{PostgresOptions.SectionName}:ConnectionString"))}[/]");
            return 2;
        }

        // The identity store first, so that the grants DatabaseMigrator applies last cover its tables too.
        await IdentityStoreServiceCollectionExtensions.MigrateIdentityStoreAsync(postgres.Value.ConnectionString, cancellationToken);

        var applied = await new DatabaseMigrator(postgres, NullLoggerFactory.Instance).MigrateAsync(cancellationToken);
        AnsiConsole.MarkupLine(applied.Count == 0
            ? "Database is up to date."
            : $"Applied {applied.Count} migration(s): {Markup.Escape(string.Join(", ", applied))}");
        return 0;
    }
}
