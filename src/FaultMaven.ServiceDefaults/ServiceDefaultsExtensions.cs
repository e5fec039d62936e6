using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using Prometheus;
using Serilog;
using Serilog.Formatting.Compact;

namespace FaultMaven.ServiceDefaults;

/// <summary>What every FaultMaven service does the same way: logging, metrics, tracing, health endpoints.</summary>
public static class ServiceDefaultsExtensions
{
    public const string ActivitySourcePrefix = "FaultMaven";
    public const string ReadyTag = "ready";

    public static WebApplicationBuilder AddServiceDefaults(this WebApplicationBuilder builder, string serviceName)
    {
        builder.Configuration.AddEnvironmentVariables();
        // Npgsql and EF Core log every command they execute at Information; that belongs at Debug (the Serilog section's
        // MinimumLevel:Override turns them back on).
        builder.Services.AddSerilog((services, logger) => logger
            .MinimumLevel.Override("Npgsql.Command", Serilog.Events.LogEventLevel.Warning)
            .MinimumLevel.Override("Microsoft.EntityFrameworkCore.Database.Command", Serilog.Events.LogEventLevel.Warning)
            .ReadFrom.Configuration(builder.Configuration)
            .Enrich.FromLogContext()
            .Enrich.WithProperty("service", serviceName)
            .WriteTo.Console(new RenderedCompactJsonFormatter()));

        builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(serviceName))
            .WithTracing(tracing =>
            {
                // "Npgsql" is the ActivitySource Npgsql itself emits a span per command from.
                tracing.AddSource($"{ActivitySourcePrefix}.*", "Npgsql").AddAspNetCoreInstrumentation().AddHttpClientInstrumentation();
                if (builder.Configuration["FaultMaven:Otlp:Endpoint"] is { Length: > 0 } endpoint)
                {
                    tracing.AddOtlpExporter(otlp => otlp.Endpoint = new Uri(endpoint));
                }
                else if (UsesStandardOtlpVariables(builder.Configuration))
                {
                    // The exporter reads OTEL_EXPORTER_OTLP_* itself (endpoint with /v1/traces appended for
                    // http/protobuf, protocol, headers, timeout), as the OpenTelemetry specification defines them.
                    tracing.AddOtlpExporter();
                }
            });

        var metrics = builder.Configuration.GetValidated<MetricsOptions>(MetricsOptions.Section, o => o.Validate());
        builder.Services.AddSingleton(metrics);
        if (metrics.Port > 0)
        {
            builder.Services.AddMetricServer(server =>
            {
                server.Port = (ushort)metrics.Port;
                server.Hostname = metrics.Host;
            });
        }

        builder.Services.AddHealthChecks();
        builder.Services.AddProblemDetails();
        builder.Services.AddHostedService<ServiceHostExitCode>();
        return builder;
    }

    /// <summary><c>/healthz</c> (the process is up), <c>/readyz</c> (dependencies answer) and, unless <see cref="MetricsOptions.Port"/> moves it to its own listener, <c>/metrics</c>.</summary>
    public static WebApplication MapServiceDefaults(this WebApplication app)
    {
        // Every section registered with ValidateOnStart is checked here, together, so a start-up failure names all bad
        // keys; the host would check them only after constructing its hosted services, whose dependencies read some
        // sections (and fail on the first) before that.
        app.Services.GetService<Microsoft.Extensions.Options.IStartupValidator>()?.Validate();
        app.UseSerilogRequestLogging();
        app.UseHttpMetrics();
        app.MapHealthChecks("/healthz", new HealthCheckOptions { Predicate = _ => false });
        app.MapHealthChecks("/readyz", new HealthCheckOptions { Predicate = check => check.Tags.Contains(ReadyTag), ResponseWriter = WriteHealthReport });
        if (app.Services.GetRequiredService<MetricsOptions>().Port == 0)
        {
            app.MapMetrics("/metrics");
        }

        return app;
    }

    private static bool UsesStandardOtlpVariables(IConfiguration configuration) =>
        !string.IsNullOrWhiteSpace(configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]) || !string.IsNullOrWhiteSpace(configuration["OTEL_EXPORTER_OTLP_TRACES_ENDPOINT"]);

    private static Task WriteHealthReport(HttpContext context, HealthReport report) =>
        context.Response.WriteAsJsonAsync(new
        {
            status = report.Status.ToString(),
            checks = report.Entries.ToDictionary(e => e.Key, e => new { status = e.Value.Status.ToString(), description = e.Value.Description, error = e.Value.Exception?.Message }),
        });
}
