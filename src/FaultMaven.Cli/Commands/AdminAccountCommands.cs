using System.ComponentModel;
using FaultMaven.Identity;
using Spectre.Console;
using Spectre.Console.Cli;

namespace FaultMaven.Cli.Commands;

public sealed class AdminCreateUserSettings : CommandSettings
{
    [CommandArgument(0, "<NAME>")]
    [Description("the name the user signs in with")]
    public string Name { get; init; } = "";

    [CommandOption("--role <ROLE>")]
    [Description("viewer, responder or admin")]
    public string Role { get; init; } = "";

    [CommandOption("--team <TEAM>")]
    [Description("the team whose data the user sees when team scoping is on")]
    public string? Team { get; init; }

    [CommandOption("--password-stdin")]
    [Description("read the password from the first line of standard input instead of generating one")]
    public bool PasswordFromStdin { get; init; }
}

[Description("Creates a user who signs in on the login page (browser extension); prints a generated password once.")]
public sealed class AdminCreateUserCommand : AdminCommand<AdminCreateUserSettings>
{
    protected override async Task RunAsync(AccountStore accounts, AdminCreateUserSettings settings, CancellationToken cancellationToken)
    {
        var given = settings.PasswordFromStdin ? (await Console.In.ReadLineAsync(cancellationToken))?.TrimEnd('\r') : null;
        if (settings.PasswordFromStdin && string.IsNullOrEmpty(given))
        {
            throw new AccountStoreException("--password-stdin: standard input has no password line");
        }

        var password = await accounts.CreateUserAsync(settings.Name, settings.Role, settings.Team, given, cancellationToken);
        AnsiConsole.MarkupLine($"Created user [bold]{Markup.Escape(settings.Name)}[/] with role {Markup.Escape(settings.Role)}.");
        if (given is null)
        {
            AnsiConsole.MarkupLine("Password (shown only now):");
            Console.WriteLine(password);
        }
    }
}

public sealed class AdminCreateClientSettings : CommandSettings
{
    [CommandArgument(0, "<CLIENT_ID>")]
    [Description("the client_id the client authenticates with")]
    public string ClientId { get; init; } = "";

    [CommandOption("--role <ROLE>")]
    [Description("viewer, responder or admin: what tokens of the client-credentials grant may do")]
    public string Role { get; init; } = "";

    [CommandOption("--redirect-uri <URI>")]
    [Description("makes a public client (browser extension) for authorization code + PKCE, acting for its signed-in user")]
    public string? RedirectUri { get; init; }
}

[Description("Creates an OAuth2 client for services, the CLI or shippers; prints its secret once.")]
public sealed class AdminCreateClientCommand : AdminCommand<AdminCreateClientSettings>
{
    protected override async Task RunAsync(AccountStore accounts, AdminCreateClientSettings settings, CancellationToken cancellationToken)
    {
        var redirectUri = settings.RedirectUri is null ? null
            : Uri.TryCreate(settings.RedirectUri, UriKind.Absolute, out var uri) ? uri
            : throw new AccountStoreException($"--redirect-uri '{settings.RedirectUri}' is not an absolute URI");
        var secret = await accounts.CreateClientAsync(settings.ClientId, settings.Role, redirectUri, cancellationToken);
        AnsiConsole.MarkupLine($"Created client [bold]{Markup.Escape(settings.ClientId)}[/].");
        if (secret is not null)
        {
            AnsiConsole.MarkupLine("Client secret (shown only now):");
            Console.WriteLine(secret);
        }
    }
}

public sealed class AdminRoleSettings : CommandSettings
{
    [CommandArgument(0, "<NAME>")]
    [Description("a user name or client id")]
    public string Name { get; init; } = "";

    [CommandArgument(1, "<ROLE>")]
    [Description("viewer, responder or admin")]
    public string Role { get; init; } = "";
}

[Description("Gives a user or client a role; its next token carries it.")]
public sealed class AdminGrantCommand : AdminCommand<AdminRoleSettings>
{
    protected override async Task RunAsync(AccountStore accounts, AdminRoleSettings settings, CancellationToken cancellationToken)
    {
        await accounts.GrantAsync(settings.Name, settings.Role, cancellationToken);
        AnsiConsole.MarkupLine($"Granted {Markup.Escape(settings.Role)} to {Markup.Escape(settings.Name)}.");
    }
}

[Description("Takes a role from a user or client; tokens already issued keep it until they expire (at most an hour).")]
public sealed class AdminRevokeCommand : AdminCommand<AdminRoleSettings>
{
    protected override async Task RunAsync(AccountStore accounts, AdminRoleSettings settings, CancellationToken cancellationToken)
    {
        await accounts.RevokeAsync(settings.Name, settings.Role, cancellationToken);
        AnsiConsole.MarkupLine($"Revoked {Markup.Escape(settings.Role)} from {Markup.Escape(settings.Name)}.");
    }
}

[Description("Lists users and clients with their roles and team.")]
public sealed class AdminListCommand : AdminCommand<EmptyCommandSettings>
{
    protected override async Task RunAsync(AccountStore accounts, EmptyCommandSettings settings, CancellationToken cancellationToken)
    {
        var table = new Table().AddColumns("name", "kind", "roles", "team", "created");
        foreach (var account in await accounts.ListAsync(cancellationToken))
        {
            table.AddRow(
                Shown(account.Name),
                account.Kind.ToString().ToLowerInvariant(),
                Shown(string.Join(", ", account.Roles)),
                Shown(account.Team ?? ""),
                account.CreatedAt.ToString("u", System.Globalization.CultureInfo.InvariantCulture));
        }

        AnsiConsole.Write(table);
    }

    /// <summary>A stored name as a cell: neither markup nor control characters (a client id is whatever its creator typed).</summary>
    private static string Shown(string text) => Markup.Escape(ControlCharacters.Escape(text));
}
