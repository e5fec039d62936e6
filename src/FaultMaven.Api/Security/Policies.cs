using FaultMaven.Identity;
using Microsoft.AspNetCore.Authorization;

namespace FaultMaven.Api.Security;

/// <summary>The authorization policies endpoints require, one per role and everything above it.</summary>
public static class Policies
{
    /// <summary>Read findings, logs, incidents, suggestions: viewer and up.</summary>
    public const string Read = "read";

    /// <summary>Analyze, query, give feedback, resolve incidents, ingest over HTTP: responder and up.</summary>
    public const string Respond = "respond";

    /// <summary>Manage users, clients and the knowledge base, read the audit log: admin.</summary>
    public const string Administer = "administer";

    public static IReadOnlyDictionary<string, string> MinimumRole { get; } = new Dictionary<string, string>
    {
        [Read] = Roles.Viewer,
        [Respond] = Roles.Responder,
        [Administer] = Roles.Admin,
    };

    public static void Add(AuthorizationOptions options)
    {
        foreach (var (policy, role) in MinimumRole)
        {
            options.AddPolicy(policy, p => p.RequireRole(Roles.AtLeast(role)));
        }
    }
}
