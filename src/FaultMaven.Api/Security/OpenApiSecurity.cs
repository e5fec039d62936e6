using FaultMaven.Identity;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace FaultMaven.Api.Security;

/// <summary>
/// The OpenAPI document's security: a bearer scheme, the OAuth2 flows that issue its tokens (the embedded server's
/// client-credentials and authorization-code flows with the <c>api</c> scope, or the external issuer's OpenID Connect
/// discovery), and on every operation that needs a token both schemes, the least role it needs, and its 401 and 403
/// problem responses.
/// </summary>
public static class OpenApiSecurity
{
    public const string BearerScheme = "bearer";
    public const string OAuth2Scheme = "oauth2";

    /// <summary>Adds the security schemes to the document and the requirements to each operation from its authorization metadata.</summary>
    public static OpenApiOptions AddFaultMavenSecurity(this OpenApiOptions options, AuthOptions auth)
    {
        options.AddOperationTransformer(async (operation, context, cancellationToken) =>
        {
            var metadata = context.Description.ActionDescriptor.EndpointMetadata;
            if (LeastRole(metadata) is { } role)
            {
                string[] scopes = auth.IsExternal ? [] : [AccountStore.ApiScope];
                operation.Security =
                [
                    new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(BearerScheme, context.Document)] = [] },
                    new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(OAuth2Scheme, context.Document)] = [.. scopes] },
                ];
                var needs = $"Needs a token whose roles include {string.Join(" or ", Roles.AtLeast(role))}.";
                operation.Description = string.IsNullOrEmpty(operation.Description) ? needs : $"{operation.Description}\n\n{needs}";
                var problem = await context.GetOrCreateSchemaAsync(typeof(Microsoft.AspNetCore.Mvc.ProblemDetails), cancellationToken: cancellationToken);
                operation.Responses ??= [];
                operation.Responses.TryAdd("401", Problem("No token, or one that is expired, altered or not for this API; the problem says how to get one.", problem));
                operation.Responses.TryAdd("403", Problem($"The token's roles do not include {string.Join(" or ", Roles.AtLeast(role))} (or, for a write, the source belongs to another team).", problem));
            }
        });
        options.AddDocumentTransformer((document, _, _) =>
        {
            document.Components ??= new OpenApiComponents();
            document.Components.SecuritySchemes = new Dictionary<string, IOpenApiSecurityScheme>
            {
                [BearerScheme] = new OpenApiSecurityScheme
                {
                    Type = SecuritySchemeType.Http,
                    Scheme = "bearer",
                    BearerFormat = "JWT",
                    Description = $"An access token for audience '{auth.Audience}' in 'Authorization: Bearer <token>'. Roles (least first): {string.Join(", ", Roles.All)}; each includes the ones before it.",
                },
                [OAuth2Scheme] = auth.IsExternal ? ExternalIssuer(auth) : EmbeddedServer(),
            };
            return Task.CompletedTask;
        });
        return options;
    }

    private static OpenApiResponse Problem(string description, IOpenApiSchema schema) => new()
    {
        Description = description,
        Content = new Dictionary<string, OpenApiMediaType> { ["application/problem+json"] = new() { Schema = schema } },
    };

    /// <summary>The least role any of the endpoint's policies needs, or null when it needs no token.</summary>
    private static string? LeastRole(IList<object> metadata)
    {
        if (metadata.OfType<IAllowAnonymous>().Any())
        {
            return null;
        }

        var roles = metadata.OfType<IAuthorizeData>()
            .Select(data => data.Policy is { } policy && Policies.MinimumRole.TryGetValue(policy, out var role) ? role : Roles.Viewer)
            .ToList();
        return roles.Count == 0 ? null : roles.MaxBy(role => Roles.All.ToList().IndexOf(role));
    }

    private static OpenApiSecurityScheme EmbeddedServer() => new()
    {
        Type = SecuritySchemeType.OAuth2,
        Description = "The embedded authorization server: client credentials for scripts (a client made by 'fm admin create-client'), authorization code with PKCE (S256) for people. Roles come from the account or client.",
        Flows = new OpenApiOAuthFlows
        {
            ClientCredentials = new OpenApiOAuthFlow
            {
                TokenUrl = new Uri(EmbeddedAuthorizationServer.TokenPath, UriKind.Relative),
                Scopes = new Dictionary<string, string> { [AccountStore.ApiScope] = "Call the FaultMaven API." },
            },
            AuthorizationCode = new OpenApiOAuthFlow
            {
                AuthorizationUrl = new Uri(EmbeddedAuthorizationServer.AuthorizePath, UriKind.Relative),
                TokenUrl = new Uri(EmbeddedAuthorizationServer.TokenPath, UriKind.Relative),
                RefreshUrl = new Uri(EmbeddedAuthorizationServer.TokenPath, UriKind.Relative),
                Scopes = new Dictionary<string, string>
                {
                    [AccountStore.ApiScope] = "Call the FaultMaven API.",
                    ["offline_access"] = "Get a refresh token.",
                },
            },
        },
    };

    private static OpenApiSecurityScheme ExternalIssuer(AuthOptions auth) => new()
    {
        Type = SecuritySchemeType.OpenIdConnect,
        OpenIdConnectUrl = new Uri($"{auth.Authority!.TrimEnd('/')}/.well-known/openid-configuration"),
        Description = $"Tokens from {auth.Authority}; the FaultMaven roles are read from the '{auth.RoleClaim}' claim.",
    };
}
