using FaultMaven.Contracts;
using FaultMaven.Pipeline;
using FaultMaven.Pipeline.Serialization;
using FaultMaven.Storage;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace FaultMaven.Worker.Sinks;

/// <summary>The sinks that make topics durable in PostgreSQL: normalized logs, findings and dead letters.</summary>
public static class SinkRegistrations
{
    public static IServiceCollection AddTopicSinks(this IServiceCollection services, ContractSerDes serdes)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<SinkMonitor>();
        services.AddSink(new SinkDefinition<LogEvent>(ConsumerGroups.LogsSink, Topics.Normalized,
            record => serdes.LogEventBatch.Deserialize(record, Topics.Normalized).Events,
            (provider, logs, token) => provider.GetRequiredService<LogRepository>().InsertAsync(logs, token),
            log => log.Source,
            WritesCommute: true,
            IdentityOf: log => $"{log.Raw}~{log.Raw.Fingerprint}"));
        services.AddSink(new SinkDefinition<Finding>(ConsumerGroups.FindingsSink, Topics.Findings,
            record => [serdes.Finding.Deserialize(record, Topics.Findings)],
            (provider, findings, token) => provider.GetRequiredService<FindingFiler>().FileAsync(findings, token),
            finding => finding.Source,
            IdentityOf: finding => finding.Id));
        services.AddSink(new SinkDefinition<DeadLetter>(ConsumerGroups.DeadLettersSink, Topics.DeadLetter,
            record => [serdes.DeadLetter.Deserialize(record, Topics.DeadLetter)],
            WriteDeadLetters,
            deadLetter => deadLetter.Source));
        return services;
    }

    /// <summary>Also where sinks put the records they cannot decode or store; never rejects a dead letter for its content.</summary>
    public static Task WriteDeadLetters(IServiceProvider provider, IReadOnlyList<DeadLetter> deadLetters, CancellationToken token) =>
        provider.GetRequiredService<DeadLetterRepository>().InsertAsync(deadLetters, token);

    private static void AddSink<T>(this IServiceCollection services, SinkDefinition<T> definition) =>
        services.AddHostedService(provider => ActivatorUtilities.CreateInstance<TopicSink<T>>(provider, definition));
}
