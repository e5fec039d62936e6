using FaultMaven.Pipeline;
using FaultMaven.Worker.Sinks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting.Internal;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace FaultMaven.Worker.Tests;

/// <summary>A <see cref="TopicSink{T}"/> as the worker builds one, on the real clock, for tests that run it against the dev broker.</summary>
public static class TestSinks
{
    /// <param name="services">What the sink's writes resolve; must hold an <see cref="System.Diagnostics.Metrics.IMeterFactory"/> (<c>AddMetrics</c>).</param>
    public static TopicSink<T> Create<T>(SinkDefinition<T> definition, IServiceProvider services, KafkaOptions kafka, SinkOptions options)
    {
        var sinkOptions = Options.Create(options);
        return new TopicSink<T>(
            definition,
            services,
            new SinkMonitor(TimeProvider.System, sinkOptions, services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>()),
            TimeProvider.System,
            new ApplicationLifetime(NullLogger<ApplicationLifetime>.Instance),
            Options.Create(kafka),
            sinkOptions,
            NullLogger<TopicSink<T>>.Instance);
    }
}
