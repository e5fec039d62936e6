namespace FaultMaven.Api.Security;

/// <summary>Configuration section <c>FaultMaven:Auth</c>: who issues tokens, and how their claims map to roles and teams.</summary>
public sealed class AuthOptions
{
    public const string Section = "FaultMaven:Auth";

    /// <summary>An external OIDC issuer (Keycloak, Entra ID, Okta); when set, the embedded authorization server is off.</summary>
    public string? Authority { get; set; }

    /// <summary>The audience tokens must be issued for; the embedded server issues this one.</summary>
    public string Audience { get; set; } = "faultmaven-api";

    /// <summary>The claim of an external issuer's tokens that holds FaultMaven role names (viewer, responder, admin).</summary>
    public string RoleClaim { get; set; } = "roles";

    public string TeamClaim { get; set; } = "team";

    /// <summary>Off only for an issuer on loopback in tests: its metadata is then fetched over plain HTTP.</summary>
    public bool RequireHttpsMetadata { get; set; } = true;

    /// <summary>The embedded server's public base URL, put in and expected from its tokens; default: each request's own URL.</summary>
    public Uri? Issuer { get; set; }

    /// <summary>Where the embedded server keeps its signing and encryption certificates, created on first start.</summary>
    public string KeysPath { get; set; } = "keys";

    /// <summary>
    /// Whether the embedded server encrypts access tokens (JWE, RSA-OAEP) as well as signing them. Off by default: the
    /// API is their only reader, and unwrapping the RSA-OAEP key costs a private-key operation on every request
    /// (docs/auth.md, "Access token format"). On, holders of a token cannot read its claims.
    /// </summary>
    public bool EncryptAccessTokens { get; set; }

    /// <summary>Lets the embedded server's endpoints answer over HTTP: behind a TLS-terminating proxy, or in tests.</summary>
    public bool AllowPlainHttp { get; set; }

    /// <summary>Confines non-admins to the data of their own team (see <see cref="TeamScope"/>).</summary>
    public bool TeamScoping { get; set; }

    /// <summary>Which team owns each source (the name logs are ingested under), for <see cref="TeamScoping"/>; sources not listed are visible to every team.</summary>
    public Dictionary<string, string> SourceTeams { get; set; } = [];

    /// <summary>The former per-service mapping; refused at start, since data now follows its source and a silently ignored mapping would expose it.</summary>
    public Dictionary<string, string> ServiceTeams { get; set; } = [];

    public bool IsExternal => !string.IsNullOrWhiteSpace(Authority);

    public IEnumerable<string> Validate()
    {
        if (IsExternal && !Uri.TryCreate(Authority, UriKind.Absolute, out _))
        {
            yield return $"{Section}:Authority must be an absolute URL (was '{Authority}')";
        }

        if (ServiceTeams.Count > 0)
        {
            yield return $"{Section}:ServiceTeams is replaced by {Section}:SourceTeams (team scoping follows the source data was ingested under)";
        }

        foreach (var (name, value) in new[] { (nameof(Audience), Audience), (nameof(RoleClaim), RoleClaim), (nameof(TeamClaim), TeamClaim), (nameof(KeysPath), KeysPath) })
        {
            if (string.IsNullOrWhiteSpace(value))
            {
                yield return $"{Section}:{name} must not be empty";
            }
        }
    }
}
