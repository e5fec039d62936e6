using FaultMaven.Storage;
using Microsoft.AspNetCore.Http.HttpResults;

namespace FaultMaven.Api.Endpoints;

public static class LogEndpoints
{
    public static IEndpointRouteBuilder MapLogEndpoints(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/logs", QueryLogs)
            .WithTags("Logs")
            .WithSummary("Normalized log lines, newest first, filtered by source, minimum level and time range [from, to).");
        routes.MapGet("/templates", ListTemplates)
            .WithTags("Logs")
            .WithSummary("Mined message templates per source, most recently seen first, with how many stored lines each covers.");
        return routes;
    }

    private static Task<Results<Ok<PageResponse<LogResponse>>, ValidationProblem>> QueryLogs(
        LogRepository repository,
        SourceScope scope,
        [AsParameters] PageRequest page,
        CancellationToken cancellationToken,
        string? source = null,
        string? level = null)
    {
        var parameters = new QueryParameters();
        var filter = new LogQuery { Source = source, MinimumLevel = parameters.Severity(nameof(level), level), Scope = scope };
        return parameters.PageAsync(filter, page, query => repository.QueryAsync(query, cancellationToken), LogResponse.From);
    }

    private static Task<Results<Ok<PageResponse<StoredTemplate>>, ValidationProblem>> ListTemplates(
        TemplateRepository repository,
        SourceScope scope,
        [AsParameters] PageRequest page,
        CancellationToken cancellationToken,
        string? source = null) =>
        new QueryParameters().PageAsync(new TemplateQuery { Source = source, Scope = scope }, page, query => repository.ListAsync(query, cancellationToken), template => template);
}
