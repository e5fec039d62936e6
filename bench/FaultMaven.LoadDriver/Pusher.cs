using System.Diagnostics;
using FaultMaven.Pipeline;
using FaultMaven.Pipeline.Ingestion;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace FaultMaven.LoadDriver;

/// <summary>When the push started and ended and when the broker acknowledged each chunk, as times on the run's clock.</summary>
public sealed record PushResult(TimeSpan Started, TimeSpan Finished, IReadOnlyList<TimeSpan> AckedAt);

/// <summary>
/// Pushes the chunks through <see cref="RawLogPublisher"/>, the publisher behind <c>fm push</c>, one chunk per call so
/// each chunk's acknowledgement time is known. Calls are made in chunk order on one producer (idempotent, so the
/// broker keeps that order within a partition); at most <see cref="InFlight"/> chunks wait for their acknowledgement,
/// as <c>fm push</c> sends 16 chunks and waits. With a rate, each chunk leaves when the lines before it are due.
/// </summary>
public sealed class Pusher(KafkaOptions kafka)
{
    public const int InFlight = 16;

    public async Task<PushResult> PushAsync(IReadOnlyList<Chunk> chunks, double? linesPerSecond, Stopwatch clock)
    {
        // Paced by the same lag-based flow control as fm push, so an unlimited push measures what the system keeps; its
        // settings come from the environment as fm push's do (FAULTMAVEN__INGESTION__FLOWCONTROL__…), so a run can try other limits.
        using var flowControl = new FlowControl(Options.Create(kafka), Options.Create(FlowControlSettings()), TimeProvider.System);
        using var publisher = new RawLogPublisher(Options.Create(kafka), flowControl);
        var acked = new TimeSpan[chunks.Count];
        var pending = new Queue<Task>();
        var started = clock.Elapsed;
        foreach (var chunk in chunks)
        {
            if (linesPerSecond is { } rate)
            {
                var due = TimeSpan.FromSeconds(chunk.LinesBefore / rate) - (clock.Elapsed - started);
                if (due > TimeSpan.Zero)
                {
                    await Task.Delay(due);
                }
            }

            if (pending.Count == InFlight)
            {
                await pending.Dequeue();
            }

            var ordinal = chunk.Ordinal;
            pending.Enqueue(publisher.PublishAsync(chunk.Source, new[] { new LineChunk(chunk.Value) }.ToAsyncEnumerable(), null, CancellationToken.None)
                .ContinueWith(
                    publish =>
                    {
                        acked[ordinal] = clock.Elapsed;
                        publish.GetAwaiter().GetResult();
                    },
                    CancellationToken.None,
                    TaskContinuationOptions.ExecuteSynchronously,
                    TaskScheduler.Default));
        }

        await Task.WhenAll(pending);
        return new PushResult(started, clock.Elapsed, acked);
    }

    private static FlowControlOptions FlowControlSettings()
    {
        var options = new FlowControlOptions();
        new ConfigurationBuilder().AddEnvironmentVariables().Build().GetSection(FlowControlOptions.Section).Bind(options);
        return options;
    }
}
