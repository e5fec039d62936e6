using FaultMaven.Storage;

namespace FaultMaven.Api.Endpoints;

public static class LogEndpoints
{
    public static IEndpointRouteBuilder MapLogEndpoints(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/logs", QueryLogs)
            .WithTags("Logs")
            .WithSummary("Normalized log lines, newest first, filtered by source, minimum level and time range [from, to).");
        return routes;
    }

    private static async Task<IResult> QueryLogs(
        LogRepository repository,
        CancellationToken cancellationToken,
        string? source = null,
        string? level = null,
        string? from = null,
        string? to = null,
        string? cursor = null,
        int? limit = null)
    {
        var parameters = new QueryParameters();
        var query = new LogQuery
        {
            Source = source,
            MinimumLevel = parameters.Severity(nameof(level), level),
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

        var page = await QueryParameters.Paged(() => repository.QueryAsync(query, cancellationToken));
        if (page is null)
        {
            return QueryParameters.BadCursor();
        }

        return Results.Ok(new PageResponse<LogResponse>(page.Items.Select(LogResponse.From).ToList(), page.NextCursor));
    }
}
