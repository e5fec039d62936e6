using Microsoft.Extensions.Options;
using Npgsql;

namespace FaultMaven.Storage;

/// <summary>Where FaultMaven's PostgreSQL database is; bound from configuration section <c>FaultMaven:Postgres</c>.</summary>
public sealed class PostgresOptions
{
    public const string SectionName = "FaultMaven:Postgres";

    /// <summary>An Npgsql connection string, e.g. <c>Host=127.0.0.1;Port=5432;Database=faultmaven;Username=faultmaven;Password=...</c>.</summary>
    public string ConnectionString { get; set; } = "";
}

internal sealed class PostgresOptionsValidator : IValidateOptions<PostgresOptions>
{
    private const string Key = PostgresOptions.SectionName + ":ConnectionString";

    public ValidateOptionsResult Validate(string? name, PostgresOptions options)
    {
        if (string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            return ValidateOptionsResult.Fail(
                $"{Key} is required: an Npgsql connection string such as Host=127.0.0.1;Port=5432;Database=faultmaven;Username=faultmaven;Password=... "
                + "(environment variable FAULTMAVEN__POSTGRES__CONNECTIONSTRING; scripts/run.sh sets it for the embedded server).");
        }

        NpgsqlConnectionStringBuilder parsed;
        try
        {
            parsed = new NpgsqlConnectionStringBuilder(options.ConnectionString);
        }
        catch (ArgumentException e)
        {
            return ValidateOptionsResult.Fail($"{Key} is not a valid Npgsql connection string: {e.Message}");
        }

        return string.IsNullOrWhiteSpace(parsed.Host)
            ? ValidateOptionsResult.Fail($"{Key} names no Host.")
            : ValidateOptionsResult.Success;
    }
}
