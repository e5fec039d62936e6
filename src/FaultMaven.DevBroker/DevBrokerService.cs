using FaultMaven.Pipeline;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace FaultMaven.DevBroker;

/// <summary>Runs the dev cluster for the lifetime of the host: every pipeline topic exists before the bootstrap file appears.</summary>
internal sealed partial class DevBrokerService(DevBrokerOptions options, ILogger<DevBrokerService> logger) : IHostedService, IDisposable
{
    private DevKafkaCluster? _cluster;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        DeleteBootstrapFile();
        _cluster = DevKafkaCluster.Start(options);
        foreach (var topic in PipelineTopics.Required(options.Partitions))
        {
            _cluster.CreateTopic(topic.Name, topic.Partitions);
            LogTopicCreated(topic.Name, topic.Partitions);
        }

        if (!string.IsNullOrEmpty(options.BootstrapFile))
        {
            BootstrapFile.Write(options.BootstrapFile, _cluster.BootstrapServers);
            LogBootstrapFileWritten(options.BootstrapFile);
        }

        LogReady(_cluster.BootstrapServers);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        DeleteBootstrapFile();
        Dispose();
        LogStopped();
        return Task.CompletedTask;
    }

    public void Dispose() => _cluster?.Dispose();

    // Also on start: a file left by a broker that was killed would point clients at a dead port.
    private void DeleteBootstrapFile()
    {
        if (!string.IsNullOrEmpty(options.BootstrapFile))
        {
            BootstrapFile.Delete(options.BootstrapFile);
        }
    }

    [LoggerMessage(1, LogLevel.Information, "Created topic {Topic} with {Partitions} partitions")]
    private partial void LogTopicCreated(string topic, int partitions);

    [LoggerMessage(2, LogLevel.Information, "Wrote bootstrap file {Path}")]
    private partial void LogBootstrapFileWritten(string path);

    [LoggerMessage(3, LogLevel.Information, "Dev broker ready on {BootstrapServers} (in-memory, for local runs and tests only; about 5 MiB kept per partition; Ctrl-C stops it)")]
    private partial void LogReady(string bootstrapServers);

    [LoggerMessage(4, LogLevel.Information, "Dev broker stopped; its data is gone")]
    private partial void LogStopped();
}
