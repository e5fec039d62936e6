using System.Security.Claims;
using FaultMaven.Api.Security;
using FaultMaven.Identity;
using Microsoft.Extensions.Options;

namespace FaultMaven.Api.Tests;

public sealed class TeamScopeTests
{
    private static readonly TeamScope Scope = new(Options.Create(new AuthOptions
    {
        TeamScoping = true,
        ServiceTeams = new() { ["checkout"] = "payments", ["search"] = "discovery" },
    }));

    [Fact]
    public void A_viewer_of_one_team_sees_its_own_and_unowned_services_but_not_another_teams()
    {
        var payments = User(Roles.Viewer, "payments");

        Assert.True(Scope.CanSee(payments, "checkout"));
        Assert.True(Scope.CanSee(payments, "unowned"));
        Assert.False(Scope.CanSee(payments, "search"));
    }

    [Fact]
    public void An_admin_sees_every_team_and_a_user_without_a_team_only_unowned_services()
    {
        Assert.True(Scope.CanSee(User(Roles.Admin, team: null), "search"));
        Assert.False(Scope.CanSee(User(Roles.Responder, team: null), "checkout"));
        Assert.True(Scope.CanSee(User(Roles.Responder, team: null), null));
    }

    private static ClaimsPrincipal User(string role, string? team)
    {
        var claims = new List<Claim> { new("role", role) };
        if (team is not null)
        {
            claims.Add(new Claim("team", team));
        }

        return new ClaimsPrincipal(new ClaimsIdentity(claims, "test", "sub", "role"));
    }
}
