using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Infrastructure;
using Microsoft.AspNetCore.Authorization.Policy;

namespace FaultMaven.Api.Security;

/// <summary>
/// A 403 for a token without the role an endpoint needs is a problem that names the roles that would do (member
/// <c>requiredRoles</c>, least first, as the OpenAPI document words them) and the token's own: a bare 403 left the
/// caller guessing whether the role, the team or the token was wrong. Every other outcome is the framework's.
/// </summary>
public sealed class RoleRefusal(IProblemDetailsService problems) : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler framework = new();

    public async Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        // Every failed role requirement must pass, so the roles that would do are those all of them allow.
        var required = authorizeResult.Forbidden
            ? authorizeResult.AuthorizationFailure?.FailedRequirements.OfType<RolesAuthorizationRequirement>()
                .Select(requirement => requirement.AllowedRoles).Aggregate<IEnumerable<string>>((allowed, alsoAllowed) => allowed.Intersect(alsoAllowed)).ToList()
            : null;
        await framework.HandleAsync(next, context, policy, authorizeResult);
        if (required is not { Count: > 0 } || context.Response.HasStarted)
        {
            return;
        }

        var held = context.User.Identities.SelectMany(identity => identity.FindAll(identity.RoleClaimType)).Select(claim => claim.Value).Distinct().ToList();
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails =
            {
                Status = StatusCodes.Status403Forbidden,
                Title = "Role required",
                Detail = $"This needs a token whose roles include {string.Join(" or ", required)}; this token's roles: {(held.Count == 0 ? "none" : string.Join(", ", held))}.",
                Extensions = { ["requiredRoles"] = required },
            },
        });
    }
}
