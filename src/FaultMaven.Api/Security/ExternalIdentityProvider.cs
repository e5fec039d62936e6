using Microsoft.AspNetCore.Authentication.JwtBearer;

namespace FaultMaven.Api.Security;

/// <summary>Bearer tokens from any OIDC issuer, validated against its published metadata and keys (production mode).</summary>
public static class ExternalIdentityProvider
{
    public static void Add(IServiceCollection services, AuthOptions auth) =>
        services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer(jwt =>
        {
            jwt.Authority = auth.Authority;
            jwt.Audience = auth.Audience;
            jwt.RequireHttpsMetadata = auth.RequireHttpsMetadata;

            // Claims keep the issuer's names, so RoleClaim and TeamClaim are spelled as the issuer spells them.
            jwt.MapInboundClaims = false;
            jwt.TokenValidationParameters.NameClaimType = "sub";
            jwt.TokenValidationParameters.RoleClaimType = auth.RoleClaim;
        });
}
