using FaultMaven.Integrations.Alertmanager;
using FaultMaven.Integrations.LogPulls;
using FaultMaven.Integrations.Prometheus;
using FaultMaven.ServiceDefaults;
using FaultMaven.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using Polly;

namespace FaultMaven.Integrations;

public static class IntegrationsServiceCollectionExtensions
{
    /// <summary>
    /// Registers the monitoring integrations: <c>FaultMaven:Integrations</c> (validated at start, naming the bad key),
    /// the Alertmanager intake and the background queue that analyzes an incident's window. Needs the storage and the
    /// agents registered.
    /// </summary>
    public static IServiceCollection AddIntegrations(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddValidatedOptions<IntegrationsOptions>(configuration, IntegrationsOptions.Section, o => o.Validate());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<AlertRepository>();
        services.AddSingleton<IncidentAnalysisQueue>();
        services.AddHostedService(provider => provider.GetRequiredService<IncidentAnalysisQueue>());
        services.AddSingleton<AlertIntake>();
        services.AddSingleton<MetricAnomalies>();
        services.AddHttpClient<PrometheusClient>()
            .AddResilienceHandler("prometheus", (pipeline, context) =>
            {
                var prometheus = context.ServiceProvider.GetRequiredService<IOptions<IntegrationsOptions>>().Value.Prometheus;
                Resilience(pipeline, prometheus.Timeout, prometheus.Retries);
            });
        services.AddHttpClient<SplunkClient>()
            .AddResilienceHandler("splunk", (pipeline, context) =>
            {
                var splunk = context.ServiceProvider.GetRequiredService<IOptions<IntegrationsOptions>>().Value.Splunk;
                Resilience(pipeline, splunk.Timeout, splunk.Retries);
            });
        services.AddHttpClient<DatadogClient>()
            .AddResilienceHandler("datadog", (pipeline, context) =>
            {
                var datadog = context.ServiceProvider.GetRequiredService<IOptions<IntegrationsOptions>>().Value.Datadog;
                Resilience(pipeline, datadog.Timeout, datadog.Retries);
            });
        services.AddTransient<ILogPull>(provider => provider.GetRequiredService<SplunkClient>());
        services.AddTransient<ILogPull>(provider => provider.GetRequiredService<DatadogClient>());
        return services;
    }

    /// <summary>
    /// Retries with exponential backoff and jitter on transient failures (5xx, 408, 429 — waiting as Retry-After or
    /// Datadog's X-RateLimit-Reset says —, connection errors, attempt timeouts), each attempt bounded by <paramref name="attemptTimeout"/>.
    /// </summary>
    private static void Resilience(ResiliencePipelineBuilder<HttpResponseMessage> pipeline, TimeSpan attemptTimeout, int retries)
    {
        if (retries > 0)
        {
            pipeline.AddRetry(new HttpRetryStrategyOptions { MaxRetryAttempts = retries, BackoffType = DelayBackoffType.Exponential, UseJitter = true, Delay = TimeSpan.FromMilliseconds(500), DelayGenerator = LogPulls.LogPulls.RetryDelay });
        }

        pipeline.AddTimeout(attemptTimeout);
    }
}
