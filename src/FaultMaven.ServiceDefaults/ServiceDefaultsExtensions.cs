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
using Serilog.Sinks.OpenTelemetry;

namespace FaultMaven.ServiceDefaults;

/// <summary>What every FaultMaven service does the same way: logging, metrics, tracing, health endpoints.</summary>
public static class ServiceDefaultsExtensions
{
    public const string ActivitySourcePrefix = "FaultMaven";
    public const string ReadyTag = "ready";

    public static WebApplicationBuilder AddServiceDefaults(this WebApplicationBuilder builder, string serviceName)
    {
        builder.Configuration.AddEnvironmentVariables();
        var levels = new LogLevels(builder.Configuration);
        builder.Services.AddSingleton(levels);
        builder.Services.AddSerilog((services, logger) =>
        {
            // The Serilog section's MinimumLevel is read by LogLevels instead, so that it can change at run time and
            // FaultMaven:Logging:Levels can lower a namespace below it.
            logger
                .ReadFrom.Configuration(WithoutMinimumLevel(builder.Configuration))
                .MinimumLevel.ControlledBy(levels.Floor)
                .Filter.With(levels)
                .Enrich.FromLogContext()
                .Enrich.WithProperty("service", serviceName)
                .WriteTo.Console(new RenderedCompactJsonFormatter());
            if (builder.Configuration["FaultMaven:Otlp:Endpoint"] is { Length: > 0 } endpoint)
            {
                logger.WriteTo.OpenTelemetry(otlp => Describe(otlp, serviceName, endpoint), ignoreEnvironment: true);
            }
            else if (UsesStandardOtlpVariables(builder.Configuration, "LOGS"))
            {
                // The sink reads OTEL_EXPORTER_OTLP_ENDPOINT (with /v1/logs appended for http/protobuf), _PROTOCOL,
                // _HEADERS and OTEL_RESOURCE_ATTRIBUTES itself; the logs-only endpoint, used as given, is set here.
                logger.WriteTo.OpenTelemetry(
                    otlp =>
                    {
                        Describe(otlp, serviceName, endpoint: null);
                        // Set only when given: LogsEndpoint's getter derives a default from Endpoint, which the sink
                        // replaces with OTEL_EXPORTER_OTLP_ENDPOINT later; writing that default back would pin it.
                        if (builder.Configuration["OTEL_EXPORTER_OTLP_LOGS_ENDPOINT"] is { Length: > 0 } logs)
                        {
                            otlp.LogsEndpoint = logs;
                        }
                    },
                    ignoreEnvironment: false);
            }
        });

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
                else if (UsesStandardOtlpVariables(builder.Configuration, "TRACES"))
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
        app.UseSerilogRequestLogging(options => options.GetLevel = RequestLogLevel);
        app.UseHttpMetrics();
        app.MapHealthChecks("/healthz", new HealthCheckOptions { Predicate = _ => false });
        app.MapHealthChecks("/readyz", new HealthCheckOptions { Predicate = check => check.Tags.Contains(ReadyTag), ResponseWriter = WriteHealthReport });
        if (app.Services.GetRequiredService<MetricsOptions>().Port == 0)
        {
            app.MapMetrics("/metrics");
        }

        return app;
    }

    /// <summary>
    /// The level of a request's log line: Warning for a 503 with <c>Retry-After</c>, back-pressure the service chose and
    /// told the client to wait out (flow control, the analysis gate, an interrupted upload), which is expected under load
    /// and no fault, so it must not page anyone watching for errors; Error for any other 5xx or an exception; else Information.
    /// </summary>
    public static Serilog.Events.LogEventLevel RequestLogLevel(HttpContext context, double elapsedMilliseconds, Exception? exception) =>
        exception is null && context.Response.StatusCode == StatusCodes.Status503ServiceUnavailable && context.Response.Headers.RetryAfter.Count > 0
            ? Serilog.Events.LogEventLevel.Warning
            : exception is not null || context.Response.StatusCode >= StatusCodes.Status500InternalServerError
                ? Serilog.Events.LogEventLevel.Error
                : Serilog.Events.LogEventLevel.Information;

    /// <summary>Whether the standard variables name an OTLP endpoint for all signals or for <paramref name="signal"/> (TRACES, LOGS).</summary>
    private static bool UsesStandardOtlpVariables(IConfiguration configuration, string signal) =>
        !string.IsNullOrWhiteSpace(configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]) || !string.IsNullOrWhiteSpace(configuration[$"OTEL_EXPORTER_OTLP_{signal}_ENDPOINT"]);

    /// <summary>Log records go out as the service the traces name; an explicit endpoint speaks gRPC, as the trace exporter's default does.</summary>
    private static void Describe(BatchedOpenTelemetrySinkOptions otlp, string serviceName, string? endpoint)
    {
        otlp.ResourceAttributes["service.name"] = serviceName;
        if (endpoint is not null)
        {
            otlp.Endpoint = endpoint;
            otlp.Protocol = OtlpProtocol.Grpc;
        }
    }

    private static IConfiguration WithoutMinimumLevel(IConfiguration configuration) =>
        new ConfigurationBuilder()
            .AddInMemoryCollection(configuration.GetSection("Serilog").AsEnumerable()
                .Where(entry => !entry.Key.StartsWith("Serilog:MinimumLevel", StringComparison.OrdinalIgnoreCase)))
            .Build();

    private static Task WriteHealthReport(HttpContext context, HealthReport report) =>
        context.Response.WriteAsJsonAsync(new
        {
            status = report.Status.ToString(),
            checks = report.Entries.ToDictionary(e => e.Key, e => new { status = e.Value.Status.ToString(), description = e.Value.Description, error = e.Value.Exception?.Message }),
        });
}
