using System.Security.Cryptography;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;
using OpenIddict.Abstractions;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace FaultMaven.Identity;

/// <summary>A request the identity store cannot carry out, with a message meant for the operator.</summary>
public sealed class AccountStoreException(string message) : Exception(message);

/// <summary>Creates users and clients, changes their roles, and checks passwords.</summary>
public sealed class AccountStore(IdentityStoreContext db, IOpenIddictApplicationManager applications, TimeProvider clock)
{
    /// <summary>The scope that grants access to the FaultMaven API; clients may ask for it explicitly.</summary>
    public const string ApiScope = "api";

    private static readonly PasswordHasher<Account> Hasher = new();

    // Verified against when the user does not exist, so that an unknown name costs the same hashing as a wrong password.
    private static readonly Account UnknownUser = new() { Name = "" };
    private static readonly Lazy<string> UnknownUserHash = new(() => Hasher.HashPassword(UnknownUser, NewSecret()));

    /// <summary>Creates a user; returns the password, generated when none is given.</summary>
    public async Task<string> CreateUserAsync(string name, string role, string? team, string? password, CancellationToken cancellationToken)
    {
        var account = await AddAsync(name, AccountKind.User, role, team, cancellationToken);
        password ??= NewSecret();
        account.PasswordHash = Hasher.HashPassword(account, password);
        await db.SaveChangesAsync(cancellationToken);
        return password;
    }

    /// <summary>
    /// Creates a confidential client for the client-credentials grant and returns its secret, or, given a redirect URI,
    /// a public client (the browser extension) for authorization code + PKCE, which acts for a signed-in user and has no secret.
    /// </summary>
    public async Task<string?> CreateClientAsync(string clientId, string role, Uri? redirectUri, CancellationToken cancellationToken)
    {
        if (await applications.FindByClientIdAsync(clientId, cancellationToken) is not null)
        {
            throw new AccountStoreException($"client '{clientId}' already exists");
        }

        await AddAsync(clientId, AccountKind.Client, role, team: null, cancellationToken);
        var descriptor = new OpenIddictApplicationDescriptor { ClientId = clientId, DisplayName = clientId };
        descriptor.Permissions.UnionWith([Permissions.Endpoints.Token, Permissions.Prefixes.Scope + ApiScope]);
        string? secret = null;
        if (redirectUri is null)
        {
            secret = NewSecret();
            descriptor.ClientType = ClientTypes.Confidential;
            descriptor.ClientSecret = secret;
            descriptor.Permissions.Add(Permissions.GrantTypes.ClientCredentials);
        }
        else
        {
            descriptor.ClientType = ClientTypes.Public;
            descriptor.RedirectUris.Add(redirectUri);
            descriptor.Permissions.UnionWith([
                Permissions.Endpoints.Authorization, Permissions.GrantTypes.AuthorizationCode, Permissions.GrantTypes.RefreshToken, Permissions.ResponseTypes.Code,
            ]);
            descriptor.Requirements.Add(Requirements.Features.ProofKeyForCodeExchange);
        }

        await applications.CreateAsync(descriptor, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        return secret;
    }

    public async Task GrantAsync(string name, string role, CancellationToken cancellationToken)
    {
        var account = await GetAsync(name, cancellationToken);
        if (!account.Roles.Contains(Known(role)))
        {
            account.Roles = [.. account.Roles, role];
            await db.SaveChangesAsync(cancellationToken);
        }
    }

    public async Task RevokeAsync(string name, string role, CancellationToken cancellationToken)
    {
        var account = await GetAsync(name, cancellationToken);
        account.Roles = account.Roles.Where(r => r != role).ToList();
        await db.SaveChangesAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<Account>> ListAsync(CancellationToken cancellationToken) =>
        await db.Accounts.AsNoTracking().OrderBy(a => a.Kind).ThenBy(a => a.Name).ToListAsync(cancellationToken);

    public Task<Account?> FindAsync(string name, CancellationToken cancellationToken) =>
        db.Accounts.AsNoTracking().SingleOrDefaultAsync(a => a.Name == name, cancellationToken);

    /// <summary>
    /// The user, if the password is theirs; an old hash format is upgraded on the way. An unknown user name takes the
    /// same password-hash work as a known one, so response times do not tell which names exist.
    /// </summary>
    public async Task<Account?> CheckPasswordAsync(string name, string password, CancellationToken cancellationToken)
    {
        var account = await db.Accounts.SingleOrDefaultAsync(a => a.Name == name && a.Kind == AccountKind.User, cancellationToken);
        if (account?.PasswordHash is null)
        {
            Hasher.VerifyHashedPassword(UnknownUser, UnknownUserHash.Value, password);
            return null;
        }

        switch (Hasher.VerifyHashedPassword(account, account.PasswordHash, password))
        {
            case PasswordVerificationResult.Success:
                return account;
            case PasswordVerificationResult.SuccessRehashNeeded:
                account.PasswordHash = Hasher.HashPassword(account, password);
                await db.SaveChangesAsync(cancellationToken);
                return account;
            default:
                return null;
        }
    }

    private static string NewSecret() => WebEncoders.Base64UrlEncode(RandomNumberGenerator.GetBytes(24));

    private static string Known(string role) =>
        Roles.All.Contains(role) ? role : throw new AccountStoreException($"unknown role '{role}'; use one of {string.Join(", ", Roles.All)}");

    private async Task<Account> AddAsync(string name, AccountKind kind, string role, string? team, CancellationToken cancellationToken)
    {
        if (await db.Accounts.AnyAsync(a => a.Name == name, cancellationToken))
        {
            throw new AccountStoreException($"'{name}' already exists");
        }

        var account = new Account { Name = name, Kind = kind, Roles = [Known(role)], Team = team, CreatedAt = clock.GetUtcNow() };
        db.Accounts.Add(account);
        return account;
    }

    private async Task<Account> GetAsync(string name, CancellationToken cancellationToken) =>
        await db.Accounts.SingleOrDefaultAsync(a => a.Name == name, cancellationToken) ?? throw new AccountStoreException($"no user or client named '{name}'");
}
