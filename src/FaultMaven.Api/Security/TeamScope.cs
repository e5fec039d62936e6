using System.Security.Claims;
using FaultMaven.Api.Endpoints;
using FaultMaven.Identity;
using Microsoft.Extensions.Options;

namespace FaultMaven.Api.Security;

/// <summary>
/// Who may see data of which service when <c>FaultMaven:Auth:TeamScoping</c> is on: admins see everything; others see
/// services owned by their <c>team</c> claim and services no team owns (<c>FaultMaven:Auth:ServiceTeams</c>).
/// </summary>
public sealed class TeamScope(IOptions<AuthOptions> options)
{
    public bool CanSee(ClaimsPrincipal user, string? service)
    {
        var auth = options.Value;
        return !auth.TeamScoping
            || user.IsInRole(Roles.Admin)
            || service is null
            || !auth.ServiceTeams.TryGetValue(service, out var owner)
            || owner == user.FindFirst(auth.TeamClaim)?.Value;
    }
}

/// <summary>Applies <see cref="TeamScope"/> to endpoints that return a finding or a page of findings: hidden ones read as not found.</summary>
public sealed class TeamScopeFilter(TeamScope scope) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var result = await next(context);
        var user = context.HttpContext.User;
        return result switch
        {
            IValueHttpResult { Value: FindingResponse finding } when !scope.CanSee(user, finding.Service) => Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Finding not found"),
            IValueHttpResult { Value: PageResponse<FindingResponse> page } => Results.Ok(page with { Items = page.Items.Where(f => scope.CanSee(user, f.Service)).ToList() }),
            _ => result,
        };
    }
}
