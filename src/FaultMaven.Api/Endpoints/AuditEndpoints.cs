using FaultMaven.Storage.Audit;

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

    private static async Task<IResult> ListAudit(
        AuditLog audit,
        CancellationToken cancellationToken,
        string? actor = null,
        string? action = null,
        string? from = null,
        string? to = null,
        string? cursor = null,
        int? limit = null)
    {
        var parameters = new QueryParameters();
        var query = new AuditQuery
        {
            Actor = actor,
            Action = action,
            From = parameters.Time(nameof(from), from),
            To = parameters.Time(nameof(to), to),
            Cursor = cursor,
            Limit = parameters.Limit(nameof(limit), limit),
        };
        parameters.Range(query.From, query.To);
        if (!parameters.IsValid)
        {
            return Results.ValidationProblem(parameters.Errors);
        }

        var page = await QueryParameters.Paged(() => audit.ListAsync(query, cancellationToken));
        return page is null
            ? Results.ValidationProblem(new Dictionary<string, string[]> { ["cursor"] = ["not a cursor returned by this endpoint"] })
            : Results.Ok(new PageResponse<AuditResponse>(page.Items.Select(AuditResponse.From).ToList(), page.NextCursor));
    }
}
