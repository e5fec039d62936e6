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
        SourceTeams = new() { ["checkout"] = "payments", ["search"] = "discovery" },
    }));

    [Fact]
    public void A_viewer_of_one_team_sees_its_own_and_unowned_sources_but_not_another_teams()
    {
        var payments = Scope.For(User(Roles.Viewer, "payments"));

        Assert.True(payments.Allows("checkout"));
        Assert.True(payments.Allows("unowned"));
        Assert.False(payments.Allows("search"));
    }

    [Fact]
    public void An_admin_sees_every_team_and_a_user_without_a_team_only_unowned_sources()
    {
        Assert.False(Scope.For(User(Roles.Admin, team: null)).IsRestricted);
        Assert.False(Scope.For(User(Roles.Responder, team: null)).Allows("checkout"));
        Assert.True(Scope.For(User(Roles.Responder, team: null)).Allows(null));
    }

    [Fact]
    public void A_caller_without_a_team_may_write_any_source_but_a_member_of_another_team_may_not()
    {
        Assert.True(Scope.ForWriting(User(Roles.Responder, team: null)).Allows("checkout"));
        Assert.False(Scope.ForWriting(User(Roles.Responder, "discovery")).Allows("checkout"));
        Assert.True(Scope.ForWriting(User(Roles.Responder, "payments")).Allows("checkout"));
    }

    [Fact]
    public void The_former_per_service_mapping_is_refused_at_start_rather_than_silently_ignored()
    {
        var errors = new AuthOptions { ServiceTeams = new() { ["checkout"] = "payments" } }.Validate().ToList();

        Assert.Contains(errors, error => error.Contains("SourceTeams", StringComparison.Ordinal));
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
