using System.Diagnostics.Metrics;
using FaultMaven.Pipeline;
using FaultMaven.Pipeline.Ingestion;
using Microsoft.Extensions.Options;

namespace FaultMaven.Worker;

/// <summary>
/// Publishes every pipeline consumer group's lag per partition, read from the broker the way <c>fm status</c> reads it
/// (<see cref="ConsumerLagReader"/>: committed offsets against watermarks), so FaultMaven reports its own lag without a
/// separate Kafka exporter. Gauges (prometheus-net names): <c>faultmaven_consumers_lag_records</c> (records written but not
/// committed) and <c>faultmaven_consumers_lost_records</c> (records the broker dropped before the group committed past
/// them), labelled <c>group</c>, <c>topic</c>, <c>partition</c>; <c>faultmaven_consumers_lag_age_seconds</c> says how old the
/// last reading is, so a broker that stops answering shows as a growing age rather than as a lag frozen at its last value.
/// </summary>
public sealed class ConsumerLagMetrics : BackgroundService
{
    /// <summary>How often the lag is read: one metadata and one offset fetch per group and one watermark request per partition.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(10);

    public const string MeterName = "FaultMaven.Consumers";

    private readonly KafkaOptions kafka;
    private readonly TimeProvider clock;
    private readonly ILogger<ConsumerLagMetrics> logger;
    private volatile LagReading latest = LagReading.Empty;
    private long readAt;

    public ConsumerLagMetrics(IOptions<KafkaOptions> kafka, TimeProvider clock, IMeterFactory meters, ILogger<ConsumerLagMetrics> logger)
    {
        this.kafka = kafka.Value;
        this.clock = clock;
        this.logger = logger;
        readAt = clock.GetTimestamp();
        var meter = meters.Create(MeterName);
        meter.CreateObservableGauge(
            "lag_records",
            () => latest.Partitions.Select(p => new Measurement<long>(p.Lag, Tags(p))),
            description: "Records in a partition that the consumer group has not committed yet.");
        meter.CreateObservableGauge(
            "lost_records",
            () => latest.Partitions.Select(p => new Measurement<long>(p.Lost, Tags(p))),
            description: "Records the broker deleted before the consumer group committed past them.");
        meter.CreateObservableGauge(
            "lag_age_seconds",
            () => clock.GetElapsedTime(Interlocked.Read(ref readAt)).TotalSeconds,
            description: "Seconds since the consumer lag was last read from the broker.");
    }

    /// <summary>The last reading, for tests and diagnostics.</summary>
    public LagReading Latest => latest;

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.Factory.StartNew(() => ReadUntilStopped(stoppingToken), stoppingToken, TaskCreationOptions.LongRunning, TaskScheduler.Default);

    private void ReadUntilStopped(CancellationToken stoppingToken)
    {
        using var reader = new ConsumerLagReader(kafka);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                latest = reader.Read(TimeSpan.FromSeconds(5));
                Interlocked.Exchange(ref readAt, clock.GetTimestamp());
            }
            catch (Exception exception) when (exception is Confluent.Kafka.KafkaException or InvalidOperationException)
            {
                // Broker health has its own check (/readyz); the age gauge shows the lag is stale.
                logger.LogDebug("Reading the consumer lag failed: {Reason}", exception.Message);
            }

            stoppingToken.WaitHandle.WaitOne(Interval);
        }
    }

    private static KeyValuePair<string, object?>[] Tags(PartitionLag partition) =>
    [
        new("group", partition.Group),
        new("topic", partition.Topic),
        new("partition", partition.Partition),
    ];
}
