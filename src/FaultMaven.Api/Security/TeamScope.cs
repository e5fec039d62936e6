using System.Security.Claims;
using FaultMaven.Identity;
using FaultMaven.Storage;
using Microsoft.Extensions.Options;

namespace FaultMaven.Api.Security;

/// <summary>
/// Which sources a caller may see when <c>FaultMaven:Auth:TeamScoping</c> is on: admins see everything; others see the
/// sources their <c>team</c> claim owns and the sources no team owns (<c>FaultMaven:Auth:SourceTeams</c>). Incidents,
/// findings, logs, templates, similar incidents, suggestions and feedback follow their source. Endpoints take the
/// request's <see cref="SourceScope"/> as a parameter (a scoped service) and repositories filter by it in SQL.
/// </summary>
public sealed class TeamScope(IOptions<AuthOptions> options)
{
    /// <summary>The sources hidden from <paramref name="user"/>: those owned by a team other than theirs.</summary>
    public SourceScope For(ClaimsPrincipal user)
    {
        var auth = options.Value;
        if (!auth.TeamScoping || user.IsInRole(Roles.Admin))
        {
            return SourceScope.Everything;
        }

        var team = user.FindFirst(auth.TeamClaim)?.Value;
        return new SourceScope(auth.SourceTeams.Where(owned => owned.Value != team).Select(owned => owned.Key).ToHashSet(StringComparer.Ordinal));
    }

    /// <summary>
    /// Where <paramref name="user"/> may write (ingest, store analyses): a member of a team not under another team's
    /// sources; a caller without a team (a client-credentials shipper, which cannot be given one) anywhere, since
    /// writing reveals nothing and shippers send every team's logs.
    /// </summary>
    public SourceScope ForWriting(ClaimsPrincipal user) => user.FindFirst(options.Value.TeamClaim) is null ? SourceScope.Everything : For(user);

    /// <summary>The request's scope; outside a request (no user) only unowned sources, so a mistake hides rather than leaks.</summary>
    public static void Add(IServiceCollection services)
    {
        services.AddSingleton<TeamScope>();
        services.AddHttpContextAccessor();
        services.AddScoped(provider => provider.GetRequiredService<TeamScope>().For(
            provider.GetRequiredService<IHttpContextAccessor>().HttpContext?.User ?? new ClaimsPrincipal()));
    }

    /// <summary>A 403 for a request that would write under a source another team owns.</summary>
    public static Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult Forbidden(string source) =>
        TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Source belongs to another team", detail: $"Source '{source}' is owned by another team.");
}
