using System.Security.Cryptography;
using FaultMaven.Testing.Processes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace FaultMaven.Api.Tests;

/// <summary>
/// A stub standing in for an external OIDC provider (Keycloak, Entra ID, Okta), which cannot run here: a Kestrel app on
/// 127.0.0.1 that serves discovery and JWKS for a key this test holds, and mints tokens with it — valid, expired, for
/// another audience, or signed by a stranger's key under the same key id.
/// </summary>
public sealed class StubOidcIssuer : IAsyncDisposable
{
    public const string Audience = "faultmaven-api";
    private const string KeyId = "stub-key";
    private readonly RsaSecurityKey key = new(RSA.Create(2048)) { KeyId = KeyId };
    private readonly RsaSecurityKey strangersKey = new(RSA.Create(2048)) { KeyId = KeyId };
    private readonly WebApplication app;

    private StubOidcIssuer(WebApplication app, string authority)
    {
        this.app = app;
        Authority = authority;
    }

    public string Authority { get; }

    public static async Task<StubOidcIssuer> StartAsync()
    {
        var authority = $"http://127.0.0.1:{ServiceProcess.FreePort()}";
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls(authority);
        builder.Logging.ClearProviders();
        var stub = new StubOidcIssuer(builder.Build(), authority);
        stub.app.MapGet("/.well-known/openid-configuration", () => Results.Json(new Dictionary<string, object>
        {
            ["issuer"] = authority,
            ["jwks_uri"] = authority + "/jwks",
            ["id_token_signing_alg_values_supported"] = new[] { SecurityAlgorithms.RsaSha256 },
        }));
        stub.app.MapGet("/jwks", () =>
        {
            var jwk = JsonWebKeyConverter.ConvertFromRSASecurityKey(stub.key);
            return Results.Json(new { keys = new[] { new { kty = "RSA", use = "sig", alg = SecurityAlgorithms.RsaSha256, kid = KeyId, n = jwk.N, e = jwk.E } } });
        });
        await stub.app.StartAsync();
        return stub;
    }

    public string Token(string subject, IEnumerable<string> roles, string audience = Audience, bool expired = false, bool signedByStranger = false, string? team = null)
    {
        var now = DateTime.UtcNow;

        // Past the validator's five-minute clock skew allowance.
        var issuedAt = expired ? now.AddHours(-2) : now;
        var claims = new Dictionary<string, object> { ["sub"] = subject, ["roles"] = roles.ToArray() };
        if (team is not null)
        {
            claims["team"] = team;
        }

        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Authority,
            Audience = audience,
            IssuedAt = issuedAt,
            NotBefore = issuedAt,
            Expires = issuedAt.AddHours(1),
            Claims = claims,
            SigningCredentials = new SigningCredentials(signedByStranger ? strangersKey : key, SecurityAlgorithms.RsaSha256),
        });
    }

    public async ValueTask DisposeAsync()
    {
        await app.DisposeAsync();
        key.Rsa.Dispose();
        strangersKey.Rsa.Dispose();
    }
}
