using FaultMaven.Api.Endpoints;
using FaultMaven.Api.Security;
using FaultMaven.Contracts;
using FaultMaven.Integrations;
using FaultMaven.Integrations.Alertmanager;
using FaultMaven.Integrations.LogPulls;
using FaultMaven.Integrations.Prometheus;
using FaultMaven.Pipeline.Ingestion;
using FaultMaven.Storage;
using Microsoft.AspNetCore.Http.HttpResults;

namespace FaultMaven.Api.Ingestion;

/// <summary>What <c>POST /ingest/alertmanager</c> answers: the receiver that sent the notification and what became of each alert.</summary>
public sealed record AlertmanagerResponse(string? Receiver, IReadOnlyList<AlertReceipt> Alerts);

/// <summary>
/// The monitoring integrations over HTTP: Alertmanager's webhook in (<c>POST /ingest/alertmanager</c>, payload version 4:
/// firing alerts open or join incidents, resolved ones resolve them), the alerts filed under an incident
/// (<c>GET /incidents/{id}/alerts</c>), Prometheus' metric anomalies of a service (<c>GET /integrations/prometheus/anomalies</c>)
/// and a service's logs pulled from Splunk or Datadog onto logs.raw (<c>POST /integrations/{store}/pull</c>).
/// </summary>
public static class IntegrationEndpoints
{
    public static IEndpointRouteBuilder MapIntegrationEndpoints(this IEndpointRouteBuilder routes)
    {
        routes.MapPostReading<AlertmanagerWebhook>("/ingest/alertmanager", Receive, Policies.Respond, "application/json")
            .WithBodyLimit(routes)
            .WithTags("Ingestion")
            .WithSummary("Alertmanager's webhook (payload version 4): each firing alert opens or joins an incident of its service, a resolved one resolves it.")
            .WithDescription("Configure a webhook receiver with url http(s)://API/ingest/alertmanager and send_resolved: true; authenticate with " +
                             "http_config.authorization (a bearer token of the responder role) or http_config.oauth2 (client credentials). " +
                             "Each alert queues an analysis of its service's logs for the alert window; its findings join the incident. " +
                             "An alert below FaultMaven:Incidents:OpeningSeverity (warn: an info alert) opens none; it joins an open incident of its service or is stored in none (outcome stored).")
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
        routes.MapGet("/incidents/{id}/alerts", List)
            .WithTags("Incidents")
            .WithSummary("The Alertmanager alerts filed under an incident, with their labels, annotations, generator URL and state.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        routes.MapGet("/integrations/prometheus/anomalies", PrometheusAnomalies)
            .WithTags("Integrations")
            .WithSummary("Metric anomalies of a service (source) between from and to, read from Prometheus with the configured PromQL per signal; not stored.")
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status502BadGateway)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        routes.MapPost("/integrations/{store}/pull", Pull)
            .RequireAuthorization(Policies.Respond)
            .WithTags("Integrations")
            .WithSummary("Pulls a service's logs of a window from Splunk (store=splunk) or Datadog (store=datadog) onto logs.raw under source, normalized like any other source.")
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status502BadGateway)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        return routes;
    }

    /// <summary>An integration that is not configured (503, naming the key) or whose server refused (502, quoting it), as a problem.</summary>
    public static ProblemHttpResult Problem(IntegrationException exception) => TypedResults.Problem(
        statusCode: exception.NotConfigured ? StatusCodes.Status503ServiceUnavailable : StatusCodes.Status502BadGateway,
        title: exception.NotConfigured ? $"{exception.Integration} integration not configured" : $"{exception.Integration} did not answer the query",
        detail: exception.Message);

    private static async Task<Results<Ok<IReadOnlyList<Finding>>, ValidationProblem, ProblemHttpResult>> PrometheusAnomalies(
        MetricAnomalies metrics, SourceScope scope, TimeProvider clock, CancellationToken cancellationToken, string? source = null, DateTimeOffset? from = null, DateTimeOffset? to = null)
    {
        if (string.IsNullOrWhiteSpace(source))
        {
            return AgentBodies.Invalid("source", "required: the service whose metrics to read, as its FaultMaven source (e.g. checkout)");
        }

        if (!scope.Allows(source))
        {
            return TeamScope.Forbidden(source);
        }

        var end = to ?? clock.GetUtcNow();
        var start = from ?? end.AddHours(-1);
        if (start >= end)
        {
            return AgentBodies.Invalid("from", "must be before to");
        }

        try
        {
            return TypedResults.Ok(await metrics.FindAsync(source, start, end, cancellationToken));
        }
        catch (IntegrationException exception)
        {
            return Problem(exception);
        }
    }

    private static async Task<Results<Ok<AlertmanagerResponse>, ValidationProblem, ProblemHttpResult>> Receive(
        [Microsoft.AspNetCore.Mvc.FromBody] AlertmanagerWebhook webhook, HttpRequest request, AlertIntake intake, TeamScope teams, CancellationToken cancellationToken)
    {
        if (webhook.Validate() is { Count: > 0 } errors)
        {
            return TypedResults.ValidationProblem(errors, title: "Not an Alertmanager webhook payload (version 4)");
        }

        var scope = teams.ForWriting(request.HttpContext.User);
        if (intake.SourcesOf(webhook).FirstOrDefault(source => !scope.Allows(source)) is { } foreign)
        {
            return TeamScope.Forbidden(foreign);
        }

        return TypedResults.Ok(new AlertmanagerResponse(webhook.Receiver, await intake.ReceiveAsync(webhook, cancellationToken)));
    }

    private static async Task<Results<Accepted<IngestResponse>, ValidationProblem, ProblemHttpResult>> Pull(
        HttpRequest request, string store, IEnumerable<ILogPull> pulls, IdempotentIngest ingest, FlowControl flowControl, TeamScope teams,
        TimeProvider clock, CancellationToken cancellationToken, string? source = null, DateTimeOffset? from = null, DateTimeOffset? to = null)
    {
        var pull = pulls.FirstOrDefault(p => p.Name.Equals(store, StringComparison.OrdinalIgnoreCase));
        if (pull is null)
        {
            return AgentBodies.Invalid("store", $"use {string.Join(" or ", pulls.Select(p => p.Name))}");
        }

        if (string.IsNullOrWhiteSpace(source))
        {
            return AgentBodies.Invalid("source", "required: the service whose logs to pull, stored under that source (e.g. checkout)");
        }

        if (SourceParameter.Refusal(SourceParameter.Name, source) is { } tooLong)
        {
            return tooLong;
        }

        if (!teams.ForWriting(request.HttpContext.User).Allows(source))
        {
            return TeamScope.Forbidden(source);
        }

        var end = to ?? clock.GetUtcNow();
        var start = from ?? end.AddHours(-1);
        if (start >= end)
        {
            return AgentBodies.Invalid("from", "must be before to");
        }

        if (await Backpressure.RefuseWhileBehind(request.HttpContext, flowControl, cancellationToken) is { } busy)
        {
            return busy;
        }

        // Pulled whole before anything is produced, so a store failing halfway leaves nothing of the window on logs.raw.
        var lines = new MemoryStream();
        try
        {
            await foreach (var line in pull.PullAsync(source, start, end, cancellationToken))
            {
                lines.Write(System.Text.Encoding.UTF8.GetBytes(line.ToJson() + "\n"));
            }
        }
        catch (IntegrationException exception)
        {
            return Problem(exception);
        }

        lines.Position = 0;
        var receipt = await ingest.Unkeyed().PublishAsync(source, lines, new Dictionary<string, string> { ["content-type"] = "application/x-ndjson" }, cancellationToken);
        return TypedResults.Accepted((string?)null, new IngestResponse(source, receipt.Lines, receipt.Records, receipt.Bytes));
    }

    private static async Task<Results<Ok<IReadOnlyList<StoredAlert>>, ProblemHttpResult>> List(
        string id, IncidentRepository incidents, AlertRepository alerts, SourceScope scope, CancellationToken cancellationToken) =>
        await incidents.GetAsync(id, cancellationToken, scope) is null
            ? AgentEndpoints.IncidentNotFound(id)
            : TypedResults.Ok(await alerts.ListByIncidentAsync(id, cancellationToken));
}
