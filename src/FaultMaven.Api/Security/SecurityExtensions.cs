using FaultMaven.Api.Endpoints;
using FaultMaven.ServiceDefaults;
using Microsoft.AspNetCore.OpenApi;

namespace FaultMaven.Api.Security;

/// <summary>Authentication (embedded server or external issuer), RBAC policies, rate limits, TLS and security headers.</summary>
public static class SecurityExtensions
{
    public static WebApplicationBuilder AddFaultMavenSecurity(this WebApplicationBuilder builder)
    {
        var auth = builder.Configuration.GetValidated<AuthOptions>(AuthOptions.Section, o => o.Validate());
        builder.Services.AddValidatedOptions<AuthOptions>(builder.Configuration, AuthOptions.Section, o => o.Validate());

        // OpenIddict writes whole tokens into its debug messages; added last, this wins over any configured level.
        builder.Configuration.AddInMemoryCollection([new("Serilog:MinimumLevel:Override:OpenIddict", "Information")]);
        var tls = Tls.Add(builder);
        if (auth.IsExternal)
        {
            ExternalIdentityProvider.Add(builder.Services, auth);
        }
        else
        {
            EmbeddedAuthorizationServer.Add(builder, auth);
        }

        AddHowToGetAToken(builder.Services, auth);
        // The document name AddOpenApi() uses by default.
        builder.Services.Configure<OpenApiOptions>("v1", options => options.AddFaultMavenSecurity(auth).AddResponseUnions().AddBodies().AddParameterSchemas().AddSchemaTypes());
        builder.Services.AddAuthorization(Policies.Add);
        builder.Services.AddSingleton<Microsoft.AspNetCore.Authorization.IAuthorizationMiddlewareResultHandler, RoleRefusal>();
        TeamScope.Add(builder.Services);
        builder.Services.AddSingleton<RefusedRequestAudit>();
        builder.Services.AddHostedService(provider => provider.GetRequiredService<RefusedRequestAudit>());
        builder.Services.AddSingleton<RequestAuditWriter>();
        builder.Services.AddHostedService(provider => provider.GetRequiredService<RequestAuditWriter>());
        builder.Services.AddSingleton(tls);
        RateLimits.Add(builder);
        return builder;
    }

    /// <summary>A 401's problem details say how to get a token, for the authentication mode in use.</summary>
    private static void AddHowToGetAToken(IServiceCollection services, AuthOptions auth)
    {
        var detail = auth.IsExternal
            ? $"Send 'Authorization: Bearer <access token>' with an access token for audience '{auth.Audience}' from {auth.Authority} (OpenID Connect) that carries a FaultMaven role in its '{auth.RoleClaim}' claim."
            : "Send 'Authorization: Bearer <access token>'. Get one from POST /connect/token: grant_type=client_credentials with a client made by 'fm admin create-client', or grant_type=authorization_code after signing in through /connect/authorize (PKCE with S256).";
        services.Configure<ProblemDetailsOptions>(options =>
        {
            var earlier = options.CustomizeProblemDetails;
            options.CustomizeProblemDetails = context =>
            {
                earlier?.Invoke(context);
                if (context.HttpContext.Response.StatusCode == StatusCodes.Status401Unauthorized)
                {
                    context.ProblemDetails.Detail ??= detail;
                }
            };
        });
    }

    /// <summary>The security middleware, in order, and the embedded server's endpoints when it is on.</summary>
    public static WebApplication UseFaultMavenSecurity(this WebApplication app)
    {
        if (app.Services.GetRequiredService<TlsOptions>().IsConfigured)
        {
            app.UseHttpsRedirection();
            if (!app.Environment.IsDevelopment())
            {
                app.UseHsts();
            }
        }

        app.UseSecurityHeaders();
        app.UseAuthentication();
        app.UseMiddleware<RequestAuditMiddleware>();
        app.UseAuthorization();
        app.UseRateLimiter();
        if (!app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<AuthOptions>>().Value.IsExternal)
        {
            app.UseAntiforgery();
            app.MapEmbeddedAuthorizationServer();
        }

        return app;
    }
}
