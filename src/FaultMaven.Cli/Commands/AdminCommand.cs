using FaultMaven.Identity;
using FaultMaven.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;
using Spectre.Console.Cli;

namespace FaultMaven.Cli.Commands;

/// <summary>An <c>fm admin</c> command: runs against the identity store in the running instance's PostgreSQL (or FAULTMAVEN__POSTGRES__CONNECTIONSTRING), migrating it first.</summary>
public abstract class AdminCommand<TSettings> : AsyncCommand<TSettings>
    where TSettings : CommandSettings
{
    public override async Task<int> ExecuteAsync(CommandContext context, TSettings settings, CancellationToken cancellationToken)
    {
        var connectionString = CliConfiguration.Load()[$"{PostgresOptions.SectionName}:ConnectionString"];
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            AnsiConsole.MarkupLine($"[red]{Markup.Escape(CliConfiguration.NotSet($"{PostgresOptions.SectionName}:ConnectionString"))}[/]");
            return 2;
        }

        var services = new ServiceCollection();
        services.AddFaultMavenIdentityStore(connectionString);
        await using var provider = services.BuildServiceProvider();
        await provider.MigrateIdentityStoreAsync(cancellationToken);
        await using var scope = provider.CreateAsyncScope();
        try
        {
            await RunAsync(scope.ServiceProvider.GetRequiredService<AccountStore>(), settings, cancellationToken);
            return 0;
        }
        catch (AccountStoreException exception)
        {
            AnsiConsole.MarkupLine($"[red]{Markup.Escape(exception.Message)}[/]");
            return 1;
        }
    }

    protected abstract Task RunAsync(AccountStore accounts, TSettings settings, CancellationToken cancellationToken);
}
