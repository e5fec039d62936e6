using System.Text.Json.Serialization;
using FaultMaven.Api.Endpoints;
using FaultMaven.Api.Ingestion;
using FaultMaven.Pipeline.Ingestion;
using FaultMaven.Pipeline;
using FaultMaven.ServiceDefaults;
using FaultMaven.Storage;

return await ServiceHost.RunAsync(async () =>
{
    var builder = WebApplication.CreateBuilder(args);
    builder.AddServiceDefaults("faultmaven-api");
    builder.Services.AddValidatedOptions<KafkaOptions>(builder.Configuration, KafkaOptions.Section, o => o.Validate());
    builder.Services.AddValidatedOptions<IngestionOptions>(builder.Configuration, IngestionOptions.Section, o => o.Validate());
    builder.Services.AddFaultMavenStorage(builder.Configuration);
    builder.Services.AddSingleton<RawLogPublisher>();
    builder.Services.AddAgents(builder.Configuration);
    builder.Services.ConfigureHttpJsonOptions(json => json.SerializerOptions.Converters.Add(new JsonStringEnumConverter(System.Text.Json.JsonNamingPolicy.CamelCase)));
    builder.Services.AddOpenApi();
    builder.Services.AddHealthChecks()
        .AddCheck<BrokerHealthCheck>("broker", tags: [ServiceDefaultsExtensions.ReadyTag])
        .AddCheck<PostgresHealthCheck>("postgres", tags: [ServiceDefaultsExtensions.ReadyTag]);

    var app = builder.Build();
    app.UseExceptionHandler();
    app.UseStatusCodePages();
    app.MapServiceDefaults();
    app.MapOpenApi();
    app.MapFindingEndpoints();
    app.MapLogEndpoints();
    app.MapIncidentEndpoints();
    app.MapIngestEndpoints();
    app.MapHecEndpoints();
    app.MapAuditEndpoints();
    app.MapAgentEndpoints();
    await app.RunAsync();
});

/// <summary>The API's entry point, visible to the end-to-end tests that host it.</summary>
public partial class Program;
