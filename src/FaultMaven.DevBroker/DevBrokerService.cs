using FaultMaven.Pipeline;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace FaultMaven.DevBroker;

/// <summary>Runs the dev cluster for the lifetime of the host: every pipeline topic exists before the bootstrap file appears.</summary>
internal sealed partial class DevBrokerService(DevBrokerOptions options, ILogger<DevBrokerService> logger) : IHostedService, IDisposable
{
    private DevKafkaCluster? cluster;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        DeleteBootstrapFile();
        var topics = PipelineTopics.Required(options.Partitions);
        var epoch = NextLeaderEpoch();
        this.cluster = DevKafkaCluster.Start(options, topics, epoch);
        foreach (var topic in topics)
        {
            LogTopicCreated(topic.Name, topic.Partitions);
        }

        if (!string.IsNullOrEmpty(options.BootstrapFile))
        {
            BootstrapFile.Write(options.BootstrapFile, this.cluster.BootstrapServers);
            LogBootstrapFileWritten(options.BootstrapFile);
        }

        LogReady(this.cluster.BootstrapServers);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        DeleteBootstrapFile();
        Dispose();
        LogStopped();
        return Task.CompletedTask;
    }

    public void Dispose() => this.cluster?.Dispose();

    // One above the last start's, kept in the epoch file (0 without one: nothing to be above).
    private int NextLeaderEpoch()
    {
        if (string.IsNullOrEmpty(options.EpochFile))
        {
            return 0;
        }

        var last = File.Exists(options.EpochFile) && int.TryParse(File.ReadAllText(options.EpochFile).Trim(), out var read) ? read : 0;
        var next = last + 1;
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(options.EpochFile))!);
        File.WriteAllText(options.EpochFile, next.ToString(System.Globalization.CultureInfo.InvariantCulture));
        LogLeaderEpoch(next, options.EpochFile);
        return next;
    }

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

    [LoggerMessage(5, LogLevel.Information, "Partitions start at leader epoch {Epoch} (start counted in {Path}), so clients of an earlier start read this log from its beginning")]
    private partial void LogLeaderEpoch(int epoch, string path);

    [LoggerMessage(4, LogLevel.Information, "Dev broker stopped; its data is gone")]
    private partial void LogStopped();
}
