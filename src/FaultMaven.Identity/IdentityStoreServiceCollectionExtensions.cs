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

    /// <summary>Creates or upgrades the identity schema; safe to run from several processes at once.</summary>
    public static async Task MigrateIdentityStoreAsync(this IServiceProvider services, CancellationToken cancellationToken = default)
    {
        await using var scope = services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<IdentityStoreContext>().Database.MigrateAsync(cancellationToken);
    }
}
