using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace FaultMaven.Pipeline.Ingestion;

/// <summary>Whether a producer may put more records on logs.raw now; when not, why and when to ask again.</summary>
public sealed record Admission(bool Admitted, string? Reason, TimeSpan RetryAfter)
{
    public static readonly Admission Granted = new(true, null, TimeSpan.Zero);

    /// <summary>
    /// How <see cref="Reason"/> begins when no broker answered the lag reading: the producer waits for the broker,
    /// not for the pipeline to catch up.
    /// </summary>
    public const string UnreachableBroker = "cannot reach the broker at ";
}

/// <summary>
/// Back-pressure from consumer lag to producers. Compares the pipeline's consumer lag per partition with
/// <see cref="FlowControlOptions.MaxLagRecords"/>: a producer may add records to logs.raw only while the lag there,
/// plus what this process has produced since the lag was read, stays within the limit, and while every downstream
/// group is within its own (<see cref="AdmissionPolicy"/>). Lag is read at most once per <see cref="FlowControlOptions.RefreshInterval"/>, by
/// whichever caller finds the reading stale; the others wait for that same reading. Thread-safe.
/// </summary>
public sealed class FlowControl : IDisposable
{
    private readonly FlowControlOptions options;
    private readonly string bootstrapServers;
    private readonly ConsumerLagReader reader;
    private readonly TimeProvider clock;
    private readonly ILogger logger;
    private readonly Lock gate = new();
    private Task<LagReading?>? refresh;
    private LagReading? reading;
    private string? readFailure;
    private DateTimeOffset readAt = DateTimeOffset.MinValue;
    private long reserved;
    private long settled;
    private long settledBeforeReading;

    public FlowControl(IOptions<KafkaOptions> kafka, IOptions<FlowControlOptions> options, TimeProvider clock, ILogger<FlowControl>? logger = null)
    {
        this.options = options.Value;
        bootstrapServers = kafka.Value.BootstrapServers;
        reader = new ConsumerLagReader(kafka.Value);
        this.clock = clock;
        this.logger = (ILogger?)logger ?? NullLogger.Instance;
    }

    /// <summary>When a refused producer should ask again: the next reading, in whole seconds as <c>Retry-After</c> counts.</summary>
    public TimeSpan RetryAfter => TimeSpan.FromSeconds(Math.Max(1, Math.Ceiling(options.RefreshInterval.TotalSeconds)));

    /// <summary>Whether <paramref name="records"/> more would be admitted now, without reserving them (for a 503 before a request body is read).</summary>
    public ValueTask<Admission> CheckAsync(int records, CancellationToken cancellationToken) => DecideAsync(records, reserve: false, cancellationToken);

    /// <summary>
    /// Admits <paramref name="records"/> about to be produced to logs.raw and counts them as pending until
    /// <see cref="Settled"/> is called for them. A batch larger than the limit is admitted when nothing is pending, so it cannot wait forever.
    /// </summary>
    public ValueTask<Admission> TryAdmitAsync(int records, CancellationToken cancellationToken) => DecideAsync(records, reserve: true, cancellationToken);

    /// <summary>Waits until <paramref name="records"/> are admitted; <paramref name="waiting"/> hears why each time it has to wait.</summary>
    public async Task AdmitAsync(int records, Action<string>? waiting, CancellationToken cancellationToken)
    {
        while (await TryAdmitAsync(records, cancellationToken) is { Admitted: false } refusal)
        {
            waiting?.Invoke(refusal.Reason!);
            await Task.Delay(options.RefreshInterval, clock, cancellationToken);
        }
    }

    /// <summary>Admitted records whose produce finished (acknowledged or failed): from the next reading on, the broker's offsets account for them.</summary>
    public void Settled(int records) => Interlocked.Add(ref settled, records);

    public void Dispose() => reader.Dispose();

    private async ValueTask<Admission> DecideAsync(int records, bool reserve, CancellationToken cancellationToken)
    {
        if (!options.Enabled)
        {
            return Admission.Granted;
        }

        var current = await ReadingAsync(cancellationToken);
        lock (gate)
        {
            if (current is null)
            {
                return new Admission(false, readFailure, RetryAfter);
            }

            if (AdmissionPolicy.Refusal(current, reserved - settledBeforeReading, records, options.LimitFor) is { } reason)
            {
                return new Admission(false, reason, RetryAfter);
            }

            if (reserve)
            {
                reserved += records;
            }

            return Admission.Granted;
        }
    }

    /// <summary>The current reading, refreshed by one caller when it is older than the refresh interval; null when the last read failed.</summary>
    private async ValueTask<LagReading?> ReadingAsync(CancellationToken cancellationToken)
    {
        Task<LagReading?> pendingRefresh;
        lock (gate)
        {
            if (clock.GetUtcNow() - readAt < options.RefreshInterval)
            {
                return reading;
            }

            refresh ??= Task.Run(Refresh, CancellationToken.None);
            pendingRefresh = refresh;
        }

        return await pendingRefresh.WaitAsync(cancellationToken);
    }

    private LagReading? Refresh()
    {
        // Records settled before the read started are in the watermarks it returns; the others are counted on top.
        var settledAtStart = Interlocked.Read(ref settled);
        LagReading? fresh = null;
        string? failure = null;
        try
        {
            fresh = reader.Read(options.ReadTimeout);
        }
        catch (Exception exception) when (exception is Confluent.Kafka.KafkaException or InvalidOperationException)
        {
            // A local error is librdkafka's own (transport failure, timeout, unresolvable name): no broker answered.
            failure = exception is Confluent.Kafka.KafkaException { Error.IsLocalError: true }
                ? $"{Admission.UnreachableBroker}{bootstrapServers} ({exception.Message})"
                : $"consumer lag unknown ({exception.Message})";
            logger.LogWarning("Could not read the pipeline's consumer lag; producers wait until it can be read: {Reason}", exception.Message);
        }

        lock (gate)
        {
            reading = fresh;
            readFailure = failure;
            settledBeforeReading = settledAtStart;
            readAt = clock.GetUtcNow();
            refresh = null;
            return fresh;
        }
    }
}
