using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Npgsql;

namespace FaultMaven.Storage;

/// <summary>Ready when PostgreSQL answers and the migrations have been applied.</summary>
public sealed class PostgresHealthCheck(IOptions<PostgresOptions> options) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        CheckAsync(options.Value.ConnectionString, cancellationToken);

    public static async Task<HealthCheckResult> CheckAsync(string connectionString, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            return HealthCheckResult.Unhealthy($"{PostgresOptions.SectionName}:ConnectionString is not set");
        }

        try
        {
            await using var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync(cancellationToken);
            await using var command = new NpgsqlCommand("SELECT to_regclass('public.logs') IS NOT NULL", connection);
            var migrated = (bool)(await command.ExecuteScalarAsync(cancellationToken))!;
            var where = $"{connection.Host}:{connection.Port}/{connection.Database}";
            return migrated
                ? HealthCheckResult.Healthy($"{where} (PostgreSQL {connection.PostgreSqlVersion})")
                : HealthCheckResult.Unhealthy($"{where}: migrations not applied; run `fm migrate`");
        }
        catch (Exception exception) when (exception is NpgsqlException or TimeoutException or InvalidOperationException)
        {
            return HealthCheckResult.Unhealthy("PostgreSQL unreachable", exception);
        }
    }
}
