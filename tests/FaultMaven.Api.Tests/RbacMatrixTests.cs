using System.Net;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using FaultMaven.Api.Security;
using FaultMaven.Identity;
using FaultMaven.Testing.Postgres;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace FaultMaven.Api.Tests;

/// <summary>
/// Every endpoint the API maps, read from its EndpointDataSource so that a new endpoint is covered (and fails here
/// without a policy), called by each kind of caller with tokens from a stub external issuer.
/// </summary>
[Collection(InProcessApiCollection.Name)]
public sealed partial class RbacMatrixTests : IAsyncLifetime
{
    private static readonly string[] UnauthenticatedPaths = ["/healthz", "/readyz", "/metrics"];

    /// <summary>Anonymous by design: Splunk HEC checks its own token; the embedded server's sign-in and token endpoints;
    /// the OpenAPI description, read before a token is had.</summary>
    private static readonly string[] AnonymousPrefixes = ["/services/collector", "/connect/", "/account/", "/openapi/"];

    private readonly PostgresFixture postgres = new();
    private StubOidcIssuer? issuer;
    private InProcessApi? api;

    public async Task InitializeAsync()
    {
        await postgres.InitializeAsync();
        issuer = await StubOidcIssuer.StartAsync();
        var settings = ApiSettings.Base(postgres.ApiConnectionString);
        settings["FaultMaven:Auth:Authority"] = issuer.Authority;
        settings["FaultMaven:Auth:RequireHttpsMetadata"] = "false";
        api = new InProcessApi(settings);
    }

    public async Task DisposeAsync()
    {
        if (api is not null)
        {
            await api.DisposeAsync();
        }

        if (issuer is not null)
        {
            await issuer.DisposeAsync();
        }

        await postgres.DisposeAsync();
    }

    [Fact]
    public async Task Every_endpoint_answers_every_kind_of_caller_as_its_policy_requires_with_tokens_from_a_stub_external_issuer()
    {
        var callers = new (string Name, string? Token, string? Role)[]
        {
            ("no token", null, null),
            ("expired token", issuer!.Token("ann", [Roles.Admin], expired: true), null),
            ("wrong audience", issuer.Token("ann", [Roles.Admin], audience: "another-api"), null),
            ("bad signature", issuer.Token("ann", [Roles.Admin], signedByStranger: true), null),
            ("viewer", issuer.Token("vic", [Roles.Viewer]), Roles.Viewer),
            ("responder", issuer.Token("rae", [Roles.Responder]), Roles.Responder),
            ("admin", issuer.Token("ann", [Roles.Admin]), Roles.Admin),
        };
        using var http = new HttpClient { BaseAddress = api!.BaseAddress };
        var failures = new List<string>();
        var checkedEndpoints = 0;
        foreach (var endpoint in api.Endpoints)
        {
            var path = RouteParameter().Replace(endpoint.RoutePattern.RawText ?? "/", "x");
            var (requiredRole, problem) = RequiredRole(endpoint, path);
            if (problem is not null)
            {
                failures.Add($"{path}: {problem}");
            }

            if (requiredRole is null)
            {
                continue;
            }

            checkedEndpoints++;
            foreach (var method in endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? [HttpMethods.Get])
            {
                foreach (var (name, token, role) in callers)
                {
                    using var request = new HttpRequestMessage(new HttpMethod(method), path);
                    if (token is not null)
                    {
                        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
                    }

                    using var response = await http.SendAsync(request);
                    var status = response.StatusCode;
                    var expected = role is null ? "401" : Roles.AtLeast(requiredRole).Contains(role) ? "neither 401 nor 403" : "403";
                    var ok = expected switch
                    {
                        "401" => status == HttpStatusCode.Unauthorized,
                        "403" => status == HttpStatusCode.Forbidden && await NamesRolesAsync(response, Roles.AtLeast(requiredRole), role!),
                        _ => status is not (HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden),
                    };
                    if (!ok)
                    {
                        failures.Add($"{method} {path} as {name}: {(int)status} {await response.Content.ReadAsStringAsync()}, expected {expected}");
                    }
                }
            }
        }

        Assert.True(checkedEndpoints >= 4, $"only {checkedEndpoints} protected endpoints found");
        Assert.Empty(failures);
    }

    /// <summary>Whether a 403 is a problem naming the roles that would do (<c>requiredRoles</c>, and in its detail) and the token's own.</summary>
    private static async Task<bool> NamesRolesAsync(HttpResponseMessage response, IReadOnlyList<string> required, string held)
    {
        if (response.Content.Headers.ContentType?.MediaType != "application/problem+json")
        {
            return false;
        }

        var problem = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        return problem.TryGetProperty("requiredRoles", out var roles)
            && roles.EnumerateArray().Select(r => r.GetString()).SequenceEqual(required)
            && problem.GetProperty("detail").GetString() is { } detail
            && detail.Contains(string.Join(" or ", required), StringComparison.Ordinal)
            && detail.Contains(held, StringComparison.Ordinal);
    }

    /// <summary>The least role the endpoint admits, or null for a public one; a problem when it has neither a policy nor a reason to be public.</summary>
    private static (string? Role, string? Problem) RequiredRole(RouteEndpoint endpoint, string path)
    {
        if (endpoint.Metadata.GetMetadata<IAllowAnonymous>() is not null)
        {
            return (null, AnonymousPrefixes.Any(p => path.StartsWith(p, StringComparison.Ordinal)) ? null : "allows anonymous callers but is not meant to be public");
        }

        var policies = endpoint.Metadata.GetOrderedMetadata<IAuthorizeData>().Select(a => a.Policy).ToList();
        if (policies.Count == 0)
        {
            return (null, UnauthenticatedPaths.Contains(path) ? null : "has no authorization policy");
        }

        var unknown = policies.FirstOrDefault(p => p is null || !Policies.MinimumRole.ContainsKey(p));
        return unknown is null
            ? (policies.Select(p => Policies.MinimumRole[p!]).MaxBy(r => Roles.All.ToList().IndexOf(r)), null)
            : (null, $"requires '{unknown ?? "an authenticated user"}', which is not one of the role policies");
    }

    [GeneratedRegex(@"\{[^}]*\}")]
    private static partial Regex RouteParameter();
}
