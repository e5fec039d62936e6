namespace FaultMaven.Identity;

public enum AccountKind
{
    User,
    Client,
}

/// <summary>A user (signs in with a password) or an OAuth2 client (its secret is kept by OpenIddict), with its roles and team.</summary>
public sealed class Account
{
    public required string Name { get; init; }

    public AccountKind Kind { get; init; }

    /// <summary>ASP.NET Core Identity's PasswordHasher format; null for clients.</summary>
    public string? PasswordHash { get; set; }

    public List<string> Roles { get; set; } = [];

    public string? Team { get; set; }

    public DateTimeOffset CreatedAt { get; init; }
}
