using FaultMaven.Storage.Audit;
using Microsoft.AspNetCore.Http.HttpResults;

namespace FaultMaven.Api.Endpoints;

/// <summary>One audit entry as the API returns it; hashes in lowercase hex so a client can re-check the chain.</summary>
public sealed record AuditResponse(
    long Id, DateTimeOffset At, string Actor, string Action, string Target, string? SourceAddress, string Outcome,
    IReadOnlyDictionary<string, string> Details, string PreviousHash, string Hash)
{
    public static AuditResponse From(AuditRecord record) => new(
        record.Id, record.At, record.Entry.Actor, record.Entry.Action, record.Entry.Target, record.Entry.SourceAddress,
        record.Entry.Outcome, record.Entry.Details, Convert.ToHexStringLower(record.PreviousHash), Convert.ToHexStringLower(record.Hash));
}

public static class AuditEndpoints
{
    public static IEndpointRouteBuilder MapAuditEndpoints(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/audit", ListAudit)
            .WithTags("Audit")
            .WithSummary("Audit entries, newest first, filtered by actor, action and time range.");
        return routes;
    }

    private static Task<Results<Ok<PageResponse<AuditResponse>>, ValidationProblem>> ListAudit(
        AuditLog audit,
        [AsParameters] PageRequest page,
        CancellationToken cancellationToken,
        string? actor = null,
        string? action = null) =>
        new QueryParameters().PageAsync(new AuditQuery { Actor = actor, Action = action }, page, query => audit.ListAsync(query, cancellationToken), AuditResponse.From);
}
