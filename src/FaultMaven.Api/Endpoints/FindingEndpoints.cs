using FaultMaven.Storage;

namespace FaultMaven.Api.Endpoints;

public static class FindingEndpoints
{
    public static IEndpointRouteBuilder MapFindingEndpoints(this IEndpointRouteBuilder routes)
    {
        var findings = routes.MapGroup("/findings").WithTags("Findings");
        findings.MapGet("/", ListFindings).WithSummary("Findings, newest first, filtered by source, kind, minimum severity and time range.");
        findings.MapGet("/{id}", GetFinding).WithSummary("One finding with its evidence.");
        return routes;
    }

    private static async Task<IResult> ListFindings(
        FindingRepository repository,
        CancellationToken cancellationToken,
        string? source = null,
        string? kind = null,
        string? severity = null,
        string? from = null,
        string? to = null,
        string? cursor = null,
        int? limit = null)
    {
        var parameters = new QueryParameters();
        var query = new FindingQuery
        {
            Source = source,
            Kind = kind,
            MinimumSeverity = parameters.Severity(nameof(severity), severity),
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

        var page = await QueryParameters.Paged(() => repository.ListAsync(query, cancellationToken));
        if (page is null)
        {
            return QueryParameters.BadCursor();
        }

        return Results.Ok(new PageResponse<FindingResponse>(page.Items.Select(FindingResponse.From).ToList(), page.NextCursor));
    }

    private static async Task<IResult> GetFinding(string id, FindingRepository repository, CancellationToken cancellationToken) =>
        await repository.GetAsync(id, cancellationToken) is { } stored
            ? Results.Ok(FindingResponse.From(stored))
            : Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Finding not found", detail: $"No finding has id '{id}'.");
}
