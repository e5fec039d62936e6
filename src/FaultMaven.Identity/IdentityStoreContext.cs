using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace FaultMaven.Identity;

/// <summary>Accounts and OpenIddict's applications, authorizations, scopes and tokens, in their own schema and migrations.</summary>
public sealed class IdentityStoreContext(DbContextOptions<IdentityStoreContext> options) : DbContext(options)
{
    public const string Schema = "identity";

    public DbSet<Account> Accounts => Set<Account>();

    public static void Configure(DbContextOptionsBuilder options, string connectionString) =>
        options.UseNpgsql(connectionString, npgsql => npgsql.MigrationsHistoryTable("migrations_history", Schema)).UseOpenIddict();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.HasDefaultSchema(Schema);
        modelBuilder.UseOpenIddict();
        modelBuilder.Entity<Account>(account =>
        {
            account.ToTable("accounts");
            account.HasKey(a => a.Name);
            account.Property(a => a.Kind).HasConversion<string>();
        });
    }
}

/// <summary>Lets <c>dotnet ef migrations add</c> build the model without a database.</summary>
public sealed class IdentityStoreDesignTimeFactory : IDesignTimeDbContextFactory<IdentityStoreContext>
{
    public IdentityStoreContext CreateDbContext(string[] args)
    {
        var options = new DbContextOptionsBuilder<IdentityStoreContext>();
        IdentityStoreContext.Configure(options, "Host=design-time-only");
        return new IdentityStoreContext(options.Options);
    }
}
