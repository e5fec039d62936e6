using FaultMaven.Pipeline;
using Microsoft.Extensions.Options;
using Streamiz.Kafka.Net;

namespace FaultMaven.Worker;

/// <summary>Runs the log pipeline topology; a stream that fails stops the worker so that its supervisor restarts it.</summary>
public sealed class PipelineService(
    LogPipelineTopology topology,
    IOptions<KafkaOptions> kafka,
    ILoggerFactory loggerFactory,
    IHostApplicationLifetime lifetime,
    ILogger<PipelineService> logger) : BackgroundService
{
    /// <summary>
    /// How long closing the stream may take. With the broker gone, Streamiz's close waits on commits that cannot
    /// succeed; past this the worker gives up, well within the host's shutdown timeout (30 s), and exits non-zero.
    /// </summary>
    public static readonly TimeSpan CloseTimeout = TimeSpan.FromSeconds(10);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var stream = new KafkaStream(topology.Build(), PipelineStreamConfig.Create(kafka.Value, loggerFactory));
        topology.CarriedStores.AwaitRestoration();
        stream.OnRestoreEndEvent += (changelog, store, restored) =>
        {
            logger.LogInformation("Restored {Store} from {Changelog} ({Records} records)", store, changelog, restored);
            topology.CarriedStores.RestoreEnded(store, changelog.Partition.Value);
        };
        stream.StateChanged += (_, state) =>
        {
            logger.LogInformation("Pipeline stream is {State}", state);
            if (state == KafkaStream.State.ERROR)
            {
                Failed();
                lifetime.StopApplication();
            }
        };

        try
        {
            // Not given stoppingToken: Streamiz would dispose the stream from inside the host's cancellation, where a
            // second dispose throws and an unreachable broker blocks the shutdown; the stream is closed below, once.
            await stream.StartAsync().WaitAsync(stoppingToken);
            await Task.Delay(Timeout.Infinite, stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            await Close(stream);
        }
    }

    private async Task Close(KafkaStream stream)
    {
        try
        {
            await Task.Run(stream.Dispose).WaitAsync(CloseTimeout);
        }
        catch (TimeoutException)
        {
            logger.LogError("Pipeline stream did not close within {Timeout} (broker unreachable?); uncommitted records are processed again after a restart", CloseTimeout);
            Failed();
        }
        catch (Exception exception) when (exception is ObjectDisposedException or Confluent.Kafka.KafkaException)
        {
            logger.LogError(exception, "Pipeline stream failed to close; uncommitted records are processed again after a restart");
            Failed();
        }
    }

    // A stream that fails while the worker stops for a reason of its own (a changed cluster: 75) keeps that exit code.
    private static void Failed()
    {
        if (Environment.ExitCode == 0)
        {
            Environment.ExitCode = 1;
        }
    }
}
