using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace FaultMaven.Identity;

public static class IdentityStoreServiceCollectionExtensions
{
    /// <summary>The identity store on PostgreSQL, OpenIddict's core services over it, and <see cref="AccountStore"/>.</summary>
    public static OpenIddictBuilder AddFaultMavenIdentityStore(this IServiceCollection services, string connectionString)
    {
        services.AddDbContext<IdentityStoreContext>(options => IdentityStoreContext.Configure(options, connectionString));
        services.TryAddSingleton(TimeProvider.System);
        services.AddScoped<AccountStore>();
        return services.AddOpenIddict().AddCore(core => core.UseEntityFrameworkCore().UseDbContext<IdentityStoreContext>());
    }

    /// <summary>
    /// Creates or upgrades the identity schema; safe to run from several processes at once. Needs the tables' owner
    /// (<c>fm migrate</c>, <c>fm admin</c>); the API only checks with <see cref="EnsureIdentityStoreCurrentAsync"/>.
    /// </summary>
    public static async Task MigrateIdentityStoreAsync(this IServiceProvider services, CancellationToken cancellationToken = default)
    {
        await using var scope = services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<IdentityStoreContext>().Database.MigrateAsync(cancellationToken);
    }

    /// <summary>As <see cref="MigrateIdentityStoreAsync(IServiceProvider, CancellationToken)"/>, for a tool that has no services of its own.</summary>
    public static async Task MigrateIdentityStoreAsync(string connectionString, CancellationToken cancellationToken = default)
    {
        var services = new ServiceCollection();
        services.AddFaultMavenIdentityStore(connectionString);
        await using var provider = services.BuildServiceProvider();
        await provider.MigrateIdentityStoreAsync(cancellationToken);
    }

    /// <summary>
    /// Checks that the identity schema has every migration, reading only its history table, so that the API, connected
    /// as a role that may not change the schema, starts only on a current one.
    /// </summary>
    /// <exception cref="InvalidOperationException">Migrations are pending; the message names them and what to run.</exception>
    public static async Task EnsureIdentityStoreCurrentAsync(this IServiceProvider services, CancellationToken cancellationToken = default)
    {
        await using var scope = services.CreateAsyncScope();
        var database = scope.ServiceProvider.GetRequiredService<IdentityStoreContext>().Database;
        var pending = (await database.GetPendingMigrationsAsync(cancellationToken)).ToList();
        if (pending.Count > 0)
        {
            throw new InvalidOperationException(
                $"The identity store lacks {pending.Count} migration(s) ({string.Join(", ", pending)}): run `fm migrate` with the tables' owner's "
                + "connection string first (the API's role may not change the schema).");
        }
    }
}
