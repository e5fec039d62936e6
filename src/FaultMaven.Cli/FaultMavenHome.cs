using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.Json;
using Npgsql;

namespace FaultMaven.Cli;

/// <summary>
/// <c>$FAULTMAVEN_HOME</c>: the folder of one local FaultMaven installation. scripts/run.sh keeps its data there and writes
/// <see cref="ConnectionFileName"/> (how to reach the instance it started); <c>fm</c> reads that file and keeps its own state
/// (push checkpoints) there. Default <c>~/.faultmaven</c>; scripts/fm passes the repository's <c>.faultmaven</c>, as run.sh uses.
/// </summary>
public static class FaultMavenHome
{
    public const string Variable = "FAULTMAVEN_HOME";

    /// <summary>
    /// JSON in the services' configuration shape (<c>FaultMaven:Kafka:BootstrapServers</c>, <c>FaultMaven:Postgres:ConnectionString</c>,
    /// <c>FaultMaven:Encryption:KeyFile</c>, <c>FaultMaven:Api:Url</c>, <c>FaultMaven:Api:CaCertificate</c>); the database password stays in its own
    /// file, named by <c>FaultMaven:Postgres:PasswordFile</c>, and is read when the file is loaded.
    /// </summary>
    public const string ConnectionFileName = "connection.json";

    public static string Folder =>
        Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } home
            ? Path.GetFullPath(home)
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".faultmaven");

    public static string ConnectionFile => Path.Combine(Folder, ConnectionFileName);

    /// <summary>Where <c>fm push</c> keeps its checkpoints.</summary>
    public static string PushState => Path.Combine(Folder, "push");

    /// <summary>Adds <see cref="ConnectionFile"/>, if there is one, as a configuration source.</summary>
    public static IConfigurationBuilder AddRunningInstance(this IConfigurationBuilder builder) =>
        builder.Add(new ConnectionFileSource { Path = ConnectionFile, Optional = true, ReloadOnChange = false });

    private sealed class ConnectionFileSource : JsonConfigurationSource
    {
        public override IConfigurationProvider Build(IConfigurationBuilder builder)
        {
            // An absolute Path needs a file provider rooted at its folder, as AddJsonFile makes.
            ResolveFileProvider();
            EnsureDefaults(builder);
            return new ConnectionFileProvider(this);
        }
    }

    /// <summary>Puts the password from the password file into the connection string, so the file itself holds no secret.</summary>
    private sealed class ConnectionFileProvider(JsonConfigurationSource source) : JsonConfigurationProvider(source)
    {
        private const string ConnectionStringKey = "FaultMaven:Postgres:ConnectionString";
        private const string PasswordFileKey = "FaultMaven:Postgres:PasswordFile";

        public override void Load(Stream stream)
        {
            base.Load(stream);
            if (Data.Remove(PasswordFileKey, out var passwordFile) && !string.IsNullOrWhiteSpace(passwordFile)
                && Data.TryGetValue(ConnectionStringKey, out var connectionString) && !string.IsNullOrWhiteSpace(connectionString))
            {
                Data[ConnectionStringKey] = new NpgsqlConnectionStringBuilder(connectionString) { Password = File.ReadAllText(passwordFile).Trim() }.ConnectionString;
            }
        }
    }
}
