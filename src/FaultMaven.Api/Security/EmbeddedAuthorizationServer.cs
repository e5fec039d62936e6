using Microsoft.AspNetCore.DataProtection;
using System.Globalization;
using System.Security.Claims;
using System.Security.Cryptography.X509Certificates;
using System.Text.Encodings.Web;
using FaultMaven.Identity;
using FaultMaven.ServiceDefaults;
using FaultMaven.Storage;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.AspNetCore;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.Extensions.Options;
using OpenIddict.Abstractions;
using OpenIddict.Server.AspNetCore;
using OpenIddict.Validation.AspNetCore;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace FaultMaven.Api.Security;

/// <summary>
/// The built-in OAuth2 server (OpenIddict): client credentials for services, the CLI and shippers; authorization code +
/// PKCE with refresh tokens for the browser extension, whose users sign in on a minimal login page. Accounts live in
/// PostgreSQL (<see cref="AccountStore"/>); roles are read afresh at every token request, so a revoke takes effect at the next refresh.
/// </summary>
public static class EmbeddedAuthorizationServer
{
    public const string TokenPath = "/connect/token";
    public const string AuthorizePath = "/connect/authorize";
    public const string LoginPath = "/account/login";

    public static void Add(WebApplicationBuilder builder, AuthOptions auth)
    {
        var connectionString = builder.Configuration[$"{PostgresOptions.SectionName}:ConnectionString"] ?? "";
        var signing = PersistedKeys.LoadOrCreate(auth.KeysPath, "signing", X509KeyUsageFlags.DigitalSignature);
        var encryption = PersistedKeys.LoadOrCreate(auth.KeysPath, "encryption", X509KeyUsageFlags.KeyEncipherment);
        // The sign-in page's anti-forgery and cookie keys live beside the signing keys, not in ~/.aspnet where ASP.NET Core puts them by default.
        builder.Services.AddDataProtection().PersistKeysToFileSystem(new DirectoryInfo(Path.Combine(auth.KeysPath, "data-protection")));
        builder.Services.AddFaultMavenIdentityStore(connectionString)
            .AddServer(server =>
            {
                server.SetTokenEndpointUris(TokenPath).SetAuthorizationEndpointUris(AuthorizePath);
                server.AllowClientCredentialsFlow().AllowAuthorizationCodeFlow().RequireProofKeyForCodeExchange().AllowRefreshTokenFlow();

                // PKCE with S256 only: "plain" sends the verifier itself as the challenge, so an intercepted code is enough.
                server.Configure(options =>
                {
                    options.CodeChallengeMethods.Clear();
                    options.CodeChallengeMethods.Add(CodeChallengeMethods.Sha256);
                });
                server.RegisterScopes(Scopes.OfflineAccess, AccountStore.ApiScope);
                server.AddSigningCertificate(signing).AddEncryptionCertificate(encryption);
                if (!auth.EncryptAccessTokens)
                {
                    // Signed only (JWS): validating one is an RSA public-key check, where an encrypted one first costs an
                    // RSA-OAEP private-key unwrap, on every request. Codes and refresh tokens, which clients must not read, stay encrypted.
                    server.DisableAccessTokenEncryption();
                }

                if (auth.Issuer is not null)
                {
                    server.SetIssuer(auth.Issuer);
                }

                var aspNetCore = server.UseAspNetCore().EnableTokenEndpointPassthrough().EnableAuthorizationEndpointPassthrough();
                if (auth.AllowPlainHttp)
                {
                    aspNetCore.DisableTransportSecurityRequirement();
                }
            })
            .AddValidation(validation =>
            {
                validation.UseLocalServer();
                // Tokens only from the Authorization header: reading them from a form body would make authentication read
                // every form POST (an anonymous 4 MB body, or a HEC request sent with a form content type) before any endpoint.
                validation.UseAspNetCore().DisableAccessTokenExtractionFromBodyForm().DisableAccessTokenExtractionFromQueryString();
                validation.AddAudiences(auth.Audience);
            });

        builder.Services.AddAuthentication(OpenIddictValidationAspNetCoreDefaults.AuthenticationScheme)
            .AddCookie(CookieAuthenticationDefaults.AuthenticationScheme, cookie =>
            {
                cookie.LoginPath = LoginPath;
                cookie.ExpireTimeSpan = TimeSpan.FromMinutes(15);
                cookie.Cookie.HttpOnly = true;
                cookie.Cookie.SameSite = SameSiteMode.Lax;
            });
        builder.Services.AddAntiforgery();
        builder.Services.AddValidatedOptions<LoginThrottleOptions>(builder.Configuration, LoginThrottleOptions.Section, o => o.Validate());
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<LoginThrottle>();
        builder.Services.AddHostedService<IdentityStoreCheck>();
    }

    public static void MapEmbeddedAuthorizationServer(this IEndpointRouteBuilder routes)
    {
        var server = routes.MapGroup("").AllowAnonymous().ExcludeFromDescription();
        server.MapPost(TokenPath, Exchange);
        server.MapMethods(AuthorizePath, [HttpMethods.Get, HttpMethods.Post], Authorize);
        server.MapGet(LoginPath, (HttpContext context, IAntiforgery antiforgery, string? returnUrl) => LoginPage(context, antiforgery, returnUrl, StatusCodes.Status200OK, null));
        server.MapPost(LoginPath, Login);
    }

    private static async Task<IResult> Exchange(HttpContext context, AccountStore accounts, IOptions<AuthOptions> options, CancellationToken cancellationToken)
    {
        var request = context.GetOpenIddictServerRequest() ?? throw new InvalidOperationException("the OpenIddict server request is missing");
        string? subject;
        IEnumerable<string> scopes;
        if (request.IsClientCredentialsGrantType())
        {
            subject = request.ClientId;
            scopes = request.GetScopes();
        }
        else
        {
            // An authorization code or refresh token, already validated by OpenIddict, carrying the principal it was issued for.
            var granted = (await context.AuthenticateAsync(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme)).Principal;
            subject = granted?.GetClaim(Claims.Subject);
            scopes = granted?.GetScopes() ?? [];
        }

        return subject is not null && await accounts.FindAsync(subject, cancellationToken) is { } account
            ? Results.SignIn(Principal(account, scopes, options.Value), authenticationScheme: OpenIddictServerAspNetCoreDefaults.AuthenticationScheme)
            : Results.Forbid(
                new AuthenticationProperties(new Dictionary<string, string?>
                {
                    [OpenIddictServerAspNetCoreConstants.Properties.Error] = Errors.InvalidGrant,
                    [OpenIddictServerAspNetCoreConstants.Properties.ErrorDescription] = "the account no longer exists",
                }),
                [OpenIddictServerAspNetCoreDefaults.AuthenticationScheme]);
    }

    private static async Task<IResult> Authorize(HttpContext context, AccountStore accounts, IOptions<AuthOptions> options, CancellationToken cancellationToken)
    {
        var request = context.GetOpenIddictServerRequest() ?? throw new InvalidOperationException("the OpenIddict server request is missing");
        var signedIn = await context.AuthenticateAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        if (signedIn.Principal?.Identity?.Name is not { } name || await accounts.FindAsync(name, cancellationToken) is not { } account)
        {
            var here = context.Request.PathBase + context.Request.Path + context.Request.QueryString;
            return Results.Challenge(new AuthenticationProperties { RedirectUri = here }, [CookieAuthenticationDefaults.AuthenticationScheme]);
        }

        return Results.SignIn(Principal(account, request.GetScopes(), options.Value), authenticationScheme: OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
    }

    private static async Task<IResult> Login(
        HttpContext context, AccountStore accounts, IAntiforgery antiforgery, IFormCollection form, LoginThrottle throttle, RefusedRequestAudit refusals, CancellationToken cancellationToken)
    {
        var returnUrl = form["returnUrl"].ToString();
        var userName = form["username"].ToString();
        var address = context.Connection.RemoteIpAddress?.ToString();
        var admission = throttle.Check(userName, address);
        if (!admission.Allowed)
        {
            refusals.Count(address, RefusedRequestAudit.LoginThrottled, Printable(userName));
            var seconds = (int)Math.Ceiling(admission.RetryAfter.TotalSeconds);
            context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
            return LoginPage(context, antiforgery, returnUrl, StatusCodes.Status429TooManyRequests, $"Too many failed sign-ins. Try again in {seconds} s.");
        }

        var account = await accounts.CheckPasswordAsync(userName, form["password"].ToString(), cancellationToken);
        if (account is null)
        {
            var locked = throttle.Failed(userName, address);
            refusals.Count(address, locked.Count > 0 ? RefusedRequestAudit.LoginLocked : RefusedRequestAudit.LoginFailed, Printable(userName));
            return LoginPage(context, antiforgery, returnUrl, StatusCodes.Status401Unauthorized, "Wrong user name or password.");
        }

        throttle.Succeeded(userName);

        var identity = new ClaimsIdentity([new Claim(ClaimTypes.Name, account.Name)], CookieAuthenticationDefaults.AuthenticationScheme);
        await context.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, new ClaimsPrincipal(identity));
        return Results.LocalRedirect(IsLocal(returnUrl) ? returnUrl : "/");
    }

    /// <summary>At most 200 characters, control characters shown as '?': what a user typed, fit for the audit log.</summary>
    private static string Printable(string text) =>
        new([.. text.Take(200).Select(c => char.IsControl(c) ? '?' : c)]);

    private static IResult LoginPage(HttpContext context, IAntiforgery antiforgery, string? returnUrl, int status, string? alert)
    {
        var token = antiforgery.GetAndStoreTokens(context);
        var html = HtmlEncoder.Default;
        return Results.Content(
            $"""
            <!doctype html>
            <html lang="en"><head><meta charset="utf-8"><title>FaultMaven sign-in</title></head>
            <body>
            <h1>Sign in to FaultMaven</h1>
            {(alert is null ? "" : $"<p role=\"alert\">{html.Encode(alert)}</p>")}
            <form method="post" action="{LoginPath}">
            <input type="hidden" name="{html.Encode(token.FormFieldName)}" value="{html.Encode(token.RequestToken ?? "")}">
            <input type="hidden" name="returnUrl" value="{html.Encode(returnUrl ?? "")}">
            <label>User <input name="username" autocomplete="username" required></label>
            <label>Password <input name="password" type="password" autocomplete="current-password" required></label>
            <button type="submit">Sign in</button>
            </form>
            </body></html>
            """,
            "text/html; charset=utf-8",
            statusCode: status);
    }

    /// <summary>A path on this server: not another host (<c>//</c>, <c>/\</c>), and no control characters, which <c>LocalRedirect</c> would throw on.</summary>
    private static bool IsLocal(string url) =>
        url.StartsWith('/') && !url.StartsWith("//", StringComparison.Ordinal) && !url.StartsWith("/\\", StringComparison.Ordinal) && !url.Any(char.IsControl);

    private static ClaimsPrincipal Principal(Account account, IEnumerable<string> scopes, AuthOptions auth)
    {
        var identity = new ClaimsIdentity(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme, Claims.Name, Claims.Role);
        identity.SetClaim(Claims.Subject, account.Name).SetClaim(Claims.Name, account.Name).SetClaims(Claims.Role, [.. account.Roles]);
        if (account.Team is not null)
        {
            identity.SetClaim(auth.TeamClaim, account.Team);
        }

        identity.SetScopes(scopes).SetResources(auth.Audience);
        identity.SetDestinations(_ => [Destinations.AccessToken]);
        return new ClaimsPrincipal(identity);
    }

    private sealed class IdentityStoreCheck(IServiceProvider services) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken) => services.EnsureIdentityStoreCurrentAsync(cancellationToken);

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
