namespace FaultMaven.Api.Tests;

/// <summary>Configuration every API under test needs, as configuration keys or as the environment of an API process.</summary>
public static class ApiSettings
{
    /// <summary>Nothing listens there: these tests never produce, and readiness may report the broker as down.</summary>
    public const string UnreachableBroker = "127.0.0.1:9";

    /// <summary>Upper case, so that it reads back the same through environment variable names.</summary>
    public const string EncryptionKeyId = "APITESTS";

    private static readonly string EncryptionKey = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));

    /// <summary>The settings for an API connecting with <paramref name="postgresConnectionString"/>: its own role's (<c>PostgresFixture.ApiConnectionString</c>).</summary>
    public static Dictionary<string, string> Base(string postgresConnectionString) => new()
    {
        ["FaultMaven:Kafka:BootstrapServers"] = UnreachableBroker,
        ["FaultMaven:Postgres:ConnectionString"] = postgresConnectionString,
        ["FaultMaven:Encryption:ActiveKeyId"] = EncryptionKeyId,
        [$"FaultMaven:Encryption:Keys:{EncryptionKeyId}"] = EncryptionKey,
    };

    public static Dictionary<string, string> AsEnvironment(this IReadOnlyDictionary<string, string> settings) =>
        settings.ToDictionary(s => s.Key.Replace(":", "__", StringComparison.Ordinal).ToUpperInvariant(), s => s.Value);
}
