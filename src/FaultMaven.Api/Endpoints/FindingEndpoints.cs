using FaultMaven.Analysis.Detection;
using FaultMaven.Storage;
using Microsoft.AspNetCore.Http.HttpResults;

namespace FaultMaven.Api.Endpoints;

public static class FindingEndpoints
{
    public static IEndpointRouteBuilder MapFindingEndpoints(this IEndpointRouteBuilder routes)
    {
        var findings = routes.MapGroup("/findings").WithTags("Findings");
        findings.MapGet("/", ListFindings).WithSummary("Findings, newest first, filtered by source, kind, minimum severity and time range.");
        findings.MapGet("/{id}", GetFinding).WithSummary("One finding with its evidence.").ProducesProblem(StatusCodes.Status404NotFound);
        return routes;
    }

    private static Task<Results<Ok<PageResponse<FindingResponse>>, ValidationProblem>> ListFindings(
        FindingRepository repository,
        SourceScope scope,
        [AsParameters] PageRequest page,
        CancellationToken cancellationToken,
        string? source = null,
        string? kind = null,
        string? severity = null)
    {
        var parameters = new QueryParameters();
        var filter = new FindingQuery { Source = source, Kind = parameters.OneOf(nameof(kind), kind, FindingKinds.All), MinimumSeverity = parameters.Severity(nameof(severity), severity), Scope = scope };
        return parameters.PageAsync(filter, page, query => repository.ListAsync(query, cancellationToken), FindingResponse.From);
    }

    private static async Task<Results<Ok<FindingResponse>, ProblemHttpResult>> GetFinding(string id, FindingRepository repository, SourceScope scope, CancellationToken cancellationToken) =>
        await repository.GetAsync(id, cancellationToken, scope) is { } stored
            ? TypedResults.Ok(FindingResponse.From(stored))
            : TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Finding not found", detail: $"No finding has id '{id}'.");
}
