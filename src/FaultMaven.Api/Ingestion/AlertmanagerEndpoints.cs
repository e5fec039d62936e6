using FaultMaven.Api.Endpoints;
using FaultMaven.Api.Security;
using FaultMaven.Integrations.Alertmanager;
using FaultMaven.Storage;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;

namespace FaultMaven.Api.Ingestion;

/// <summary>What <c>POST /ingest/alertmanager</c> answers: the receiver that sent the notification and what became of each alert.</summary>
public sealed record AlertmanagerResponse(string? Receiver, IReadOnlyList<AlertReceipt> Alerts);

/// <summary>
/// Alertmanager's webhook in (<c>POST /ingest/alertmanager</c>, payload version 4): firing alerts open or join incidents,
/// resolved ones resolve them; and the alerts filed under an incident (<c>GET /incidents/{id}/alerts</c>).
/// </summary>
public static class AlertmanagerEndpoints
{
    public static IEndpointRouteBuilder MapAlertmanagerEndpoints(this IEndpointRouteBuilder routes)
    {
        routes.MapPost("/ingest/alertmanager", Receive)
            .RequireAuthorization(Policies.Respond)
            .WithTags("Ingestion")
            .WithSummary("Alertmanager's webhook (payload version 4): each firing alert opens or joins an incident of its service, a resolved one resolves it.")
            .WithDescription("Configure a webhook receiver with url http(s)://API/ingest/alertmanager and send_resolved: true; authenticate with " +
                             "http_config.authorization (a bearer token of the responder role) or http_config.oauth2 (client credentials). " +
                             "Each alert queues an analysis of its service's logs for the alert window; its findings join the incident.")
            .Accepts<AlertmanagerWebhook>("application/json")
            .Produces<AlertmanagerResponse>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
        routes.MapGet("/incidents/{id}/alerts", List)
            .WithTags("Incidents")
            .WithSummary("The Alertmanager alerts filed under an incident, with their labels, annotations, generator URL and state.")
            .Produces<IReadOnlyList<StoredAlert>>()
            .ProducesProblem(StatusCodes.Status404NotFound);
        return routes;
    }

    private static async Task<IResult> Receive(
        HttpRequest request, AlertIntake intake, TeamScope teams, IOptions<IngestionOptions> options, IOptions<JsonOptions> json, CancellationToken cancellationToken) =>
        await AgentBodies.ReadJsonAsync<AlertmanagerWebhook>(request, options.Value.MaxBodyBytes, json.Value, async webhook =>
        {
            if (webhook.Validate() is { Count: > 0 } errors)
            {
                return Results.ValidationProblem(errors, title: "Not an Alertmanager webhook payload (version 4)");
            }

            var scope = teams.ForWriting(request.HttpContext.User);
            if (intake.SourcesOf(webhook).FirstOrDefault(source => !scope.Allows(source)) is { } foreign)
            {
                return TeamScope.Forbidden(foreign);
            }

            return Results.Ok(new AlertmanagerResponse(webhook.Receiver, await intake.ReceiveAsync(webhook, cancellationToken)));
        });

    private static async Task<IResult> List(string id, IncidentRepository incidents, AlertRepository alerts, SourceScope scope, CancellationToken cancellationToken) =>
        await incidents.GetAsync(id, cancellationToken, scope) is null
            ? AgentEndpoints.IncidentNotFound(id)
            : Results.Ok(await alerts.ListByIncidentAsync(id, cancellationToken));
}
