using System.Diagnostics;
using Confluent.Kafka;
using FaultMaven.Contracts;
using FaultMaven.Pipeline;
using FaultMaven.Pipeline.Ingestion;

namespace FaultMaven.LoadDriver;

/// <summary>The lag of every pipeline consumer group at one moment of the run, and how long reading it took (flow control
/// waits as long for each of its readings).</summary>
public sealed record LagSample(TimeSpan At, IReadOnlyDictionary<string, long> LagByGroup, TimeSpan ReadTime);

/// <summary>
/// Samples the lag of each group in <see cref="ConsumerGroups.All"/> (the Streamiz application on logs.raw, the logs,
/// findings and dead-letter sinks) every <see cref="Interval"/>: high watermark minus committed offset, summed over
/// partitions, through <see cref="ConsumerLagReader"/> (offset fetches; the dev broker has no Admin API), as flow control reads it.
/// </summary>
public sealed class LagSampler(KafkaOptions kafka, Stopwatch clock) : IDisposable
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(2);

    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    private readonly List<LagSample> samples = [];
    private readonly ConsumerLagReader reader = new(kafka);

    public IReadOnlyList<LagSample> Samples
    {
        get
        {
            lock (samples)
            {
                return samples.ToList();
            }
        }
    }

    public IReadOnlyList<(string Group, string Topic)> Groups { get; } = ConsumerGroups.All(kafka);

    /// <summary>Samples until <paramref name="stop"/> is cancelled, on a thread of its own since the Kafka calls block.</summary>
    public Task RunAsync(CancellationToken stop) => Task.Factory.StartNew(
        async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                Sample();
                try
                {
                    await Task.Delay(Interval, stop);
                }
                catch (OperationCanceledException)
                {
                }
            }
        },
        CancellationToken.None,
        TaskCreationOptions.LongRunning,
        TaskScheduler.Default).Unwrap();

    /// <summary>Takes one sample now and returns it.</summary>
    public LagSample Sample()
    {
        var at = clock.Elapsed;
        LagReading reading;
        lock (reader)
        {
            reading = reader.Read(Timeout);
        }

        var sample = new LagSample(at, Groups.ToDictionary(g => g.Group, g => reading.LagOf(g.Group)), clock.Elapsed - at);
        lock (samples)
        {
            samples.Add(sample);
        }

        return sample;
    }

    public void Dispose() => reader.Dispose();

    /// <summary>The low and high watermarks of each partition of <paramref name="topic"/>.</summary>
    public IReadOnlyDictionary<int, WatermarkOffsets> Watermarks(string topic)
    {
        using var consumer = new ConsumerBuilder<Ignore, Ignore>(KafkaClients.Consumer(kafka, "faultmaven-loaddriver")).Build();
        return Enumerable.Range(0, kafka.Partitions)
            .ToDictionary(p => p, p => consumer.QueryWatermarkOffsets(new TopicPartition(topic, p), Timeout));
    }
}
