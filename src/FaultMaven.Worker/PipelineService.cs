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
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var stream = new KafkaStream(topology.Build(), KafkaClients.Streams(kafka.Value, loggerFactory));
        stream.StateChanged += (_, state) =>
        {
            logger.LogInformation("Pipeline stream is {State}", state);
            if (state == KafkaStream.State.ERROR)
            {
                // A stream that fails while the worker stops for a reason of its own keeps that reason's exit code.
                if (Environment.ExitCode == 0)
                {
                    Environment.ExitCode = 1;
                }

                lifetime.StopApplication();
            }
        };

        await stream.StartAsync(stoppingToken);
        try
        {
            await Task.Delay(Timeout.Infinite, stoppingToken);
        }
        catch (OperationCanceledException)
        {
        }
        finally
        {
            stream.Dispose();
        }
    }
}
