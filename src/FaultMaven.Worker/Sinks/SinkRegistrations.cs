using FaultMaven.Contracts;
using FaultMaven.Pipeline;
using FaultMaven.Pipeline.Serialization;
using FaultMaven.Storage;

namespace FaultMaven.Worker.Sinks;

/// <summary>The sinks that make topics durable in PostgreSQL: normalized logs, findings and dead letters.</summary>
public static class SinkRegistrations
{
    public static IServiceCollection AddTopicSinks(this IServiceCollection services, ContractSerDes serdes)
    {
        services.AddSink(new SinkDefinition<LogEvent>(ConsumerGroups.LogsSink, Topics.Normalized, (value, topic) => serdes.LogEventBatch.Deserialize(value, topic).Events,
            (provider, logs, token) => provider.GetRequiredService<LogRepository>().InsertAsync(logs, token)));
        services.AddSink(new SinkDefinition<Finding>(ConsumerGroups.FindingsSink, Topics.Findings, One(serdes.Finding), StoreFindings));
        services.AddSink(new SinkDefinition<DeadLetter>(ConsumerGroups.DeadLettersSink, Topics.DeadLetter, One(serdes.DeadLetter), WriteDeadLetters));
        return services;
    }

    /// <summary>Findings are stored, then grouped into incidents.</summary>
    public static async Task StoreFindings(IServiceProvider provider, IReadOnlyList<Finding> findings, CancellationToken token)
    {
        await provider.GetRequiredService<FindingRepository>().UpsertAsync(findings, token);
        await provider.GetRequiredService<IncidentRepository>().AttachAsync(findings, token);
    }

    /// <summary>Also where sinks put the records they cannot decode.</summary>
    public static Task WriteDeadLetters(IServiceProvider provider, IReadOnlyList<DeadLetter> deadLetters, CancellationToken token) =>
        provider.GetRequiredService<DeadLetterRepository>().InsertAsync(deadLetters, token);

    private static Func<byte[], string, IReadOnlyList<T>> One<T>(AvroSerDes<T> serdes) => (value, topic) => [serdes.Deserialize(value, topic)];

    private static void AddSink<T>(this IServiceCollection services, SinkDefinition<T> definition) =>
        services.AddHostedService(provider => ActivatorUtilities.CreateInstance<TopicSink<T>>(provider, definition));
}
