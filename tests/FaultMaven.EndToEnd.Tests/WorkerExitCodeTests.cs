using Confluent.Kafka;
using FaultMaven.Pipeline;
using FaultMaven.Testing.Processes;

namespace FaultMaven.EndToEnd.Tests;

/// <summary>A worker that can no longer do its job exits non-zero, so that a supervisor that restarts failed processes restarts it.</summary>
public sealed class WorkerExitCodeTests(RunningSystem system) : IClassFixture<RunningSystem>
{
    [Fact]
    public async Task A_worker_whose_stream_fails_on_a_record_it_cannot_deserialize_exits_with_code_1()
    {
        // The error-burst repartition topic carries JSON the topology wrote itself; anything else fails the stream
        // (Streamiz's default deserialization handler is FAIL), which puts it in state ERROR.
        var repartition = PipelineTopics.Internal(LogPipelineTopology.Describe(), new KafkaOptions().ApplicationId)
            .Single(topic => topic.EndsWith("-repartition", StringComparison.Ordinal));
        using (var producer = new ProducerBuilder<string, string>(new ProducerConfig { BootstrapServers = system.BootstrapServers }).Build())
        {
            for (var partition = 0; partition < RunningSystem.Partitions; partition++)
            {
                await producer.ProduceAsync(new TopicPartition(repartition, partition), new Message<string, string> { Key = "poison", Value = "not the JSON of an error sample" });
            }
        }

        var exitCode = await system.Worker!.WaitForExit(TimeSpan.FromSeconds(90));

        Assert.True(exitCode == 1, $"exit code {exitCode}:\n{system.Worker.Output}");
    }

    [Fact]
    public async Task A_worker_whose_pipeline_service_fails_at_start_exits_with_code_1()
    {
        // Streamiz refuses this librdkafka property as a string when the stream is built, which fails PipelineService
        // after the host has started: the host stops, and used to exit 0.
        await using var worker = system.StartWorkerProcess(ServiceProcess.FreePort(), [new("FAULTMAVEN__KAFKA__CLIENT__message.max.bytes", "10000")]);

        var exitCode = await worker.WaitForExit(TimeSpan.FromSeconds(90));

        Assert.True(exitCode == 1, $"exit code {exitCode}:\n{worker.Output}");
        Assert.Contains("BackgroundService failed", worker.Output, StringComparison.Ordinal);
    }
}
