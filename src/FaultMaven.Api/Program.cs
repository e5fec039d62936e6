using FaultMaven.Api.Endpoints;
using FaultMaven.Api.Ingestion;
using FaultMaven.Api.Robustness;
using FaultMaven.Api.Security;
using FaultMaven.Integrations;
using FaultMaven.Pipeline.Ingestion;
using FaultMaven.Pipeline;
using FaultMaven.ServiceDefaults;
using FaultMaven.Storage;

return await ServiceHost.RunAsync(async () =>
{
    var builder = WebApplication.CreateBuilder(args);
    builder.WebHost.ConfigureKestrel(kestrel => RequestSizeGuard.RaiseKestrelLimits(kestrel.Limits));
    builder.AddServiceDefaults("faultmaven-api");
    builder.Services.AddValidatedOptions<KafkaOptions>(builder.Configuration, KafkaOptions.Section, o => o.Validate());
    builder.Services.AddValidatedOptions<IngestionOptions>(builder.Configuration, IngestionOptions.Section, o => o.Validate());
    builder.Services.AddFaultMavenStorage(builder.Configuration);
    builder.Services.AddHostedService<FaultMaven.Storage.Audit.AuditHeadPublisher>();
    builder.Services.AddValidatedOptions<FlowControlOptions>(builder.Configuration, FlowControlOptions.Section, o => o.Validate());
    builder.Services.AddSingleton<FlowControl>();
    builder.Services.AddSingleton(services => new RawLogPublisher(
        services.GetRequiredService<Microsoft.Extensions.Options.IOptions<KafkaOptions>>(),
        services.GetRequiredService<FlowControl>(),
        services.GetRequiredService<Microsoft.Extensions.Options.IOptions<IngestionOptions>>().Value.DeliveryTimeout));
    builder.Services.AddSingleton<UploadProbe>();
    builder.Services.AddSingleton<IdempotentIngest>();
    builder.Services.AddAgents(builder.Configuration);
    builder.Services.AddAnalysisConcurrency(builder.Configuration);
    builder.Services.AddIntegrations(builder.Configuration);
    builder.Services.ConfigureHttpJsonOptions(json => JsonBodies.Configure(json.SerializerOptions));
    builder.Services.AddExceptionHandler<InterruptedUploadHandler>();
    builder.Services.AddExceptionHandler<BadInputExceptionHandler>();
    // A body or parameter that cannot be bound is thrown instead of answered with an empty 400, so the handler above
    // answers it with a problem that says what was wrong (e.g. where the JSON broke off).
    builder.Services.Configure<Microsoft.AspNetCore.Routing.RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
    builder.Services.AddRequestBodies();
    builder.Services.AddOpenApi();
    builder.AddFaultMavenSecurity();
    builder.Services.AddHealthChecks()
        .AddCheck<BrokerHealthCheck>("broker", tags: [ServiceDefaultsExtensions.ReadyTag])
        .AddCheck<PostgresHealthCheck>("postgres", tags: [ServiceDefaultsExtensions.ReadyTag]);

    var app = builder.Build();
    // Request logging and HTTP metrics come first, so they record what the client got (a bad body's 400 problem), not the
    // exception the handler below turns into it; it also runs the start-up validation before anything else.
    app.MapServiceDefaults();
    app.UseExceptionHandler();
    app.UseStatusCodePages();
    app.UseMiddleware<RequestSizeGuard>();
    app.UseMiddleware<RequestTextGuard>();
    app.UseMiddleware<TextByDefault>();
    app.UseRouting();
    app.UseRequestDecompression();
    app.UseFaultMavenSecurity();
    app.UseAnalysisGate();
    // The API's description is public: a new user reads it before getting a token (run.sh's banner links it).
    app.MapOpenApi().AllowAnonymous();
    var readers = app.MapGroup("").RequireAuthorization(Policies.Read);
    readers.MapFindingEndpoints();
    readers.MapLogEndpoints();
    readers.MapIncidentEndpoints();
    readers.MapAgentEndpoints();
    app.MapGroup("").RequireAuthorization(Policies.Respond).RequireRateLimiting(RateLimits.Ingestion).MapIngestEndpoints();
    app.MapGroup("").AllowAnonymous().MapHecEndpoints();
    app.MapGroup("").RequireAuthorization(Policies.Read).MapIntegrationEndpoints();
    app.MapGroup("").RequireAuthorization(Policies.Administer).MapAuditEndpoints();
    await app.RunAsync();
});

/// <summary>The API's entry point, visible to the end-to-end tests that host it.</summary>
public partial class Program;
