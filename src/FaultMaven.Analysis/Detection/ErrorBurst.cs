using System.Security.Cryptography;
using System.Text;
using FaultMaven.Analysis.Filtering;
using FaultMaven.Contracts;

namespace FaultMaven.Analysis.Detection;

/// <summary>When N or more ERROR/FATAL events come from one source within one window, that is a burst.</summary>
public sealed record ErrorBurstOptions
{
    public const string Kind = "error-burst";

    public int Threshold { get; init; } = 5;

    public TimeSpan Window { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>How many of a window's errors are kept as evidence; the count keeps counting past it.</summary>
    public int MaxEvidence { get; init; } = 20;

    public IEnumerable<string> Validate(string section)
    {
        if (Threshold < 1)
        {
            yield return $"{section}:Threshold must be at least 1 (was {Threshold})";
        }

        if (Window <= TimeSpan.Zero)
        {
            yield return $"{section}:Window must be positive (was {Window})";
        }

        if (MaxEvidence < 1)
        {
            yield return $"{section}:MaxEvidence must be at least 1 (was {MaxEvidence})";
        }
    }
}

/// <summary>One error event as the burst detector keeps it; <paramref name="Count"/> is how many errors it stands for once repeats were collapsed.</summary>
public sealed record ErrorSample(DateTimeOffset Timestamp, string? Service, Severity Level, string Message, RawOffset Raw, int Count)
{
    public static ErrorSample From(LogEvent logEvent) =>
        new(logEvent.Timestamp, logEvent.Service, logEvent.Level, logEvent.Message, logEvent.Raw, RepeatCollapser.Occurrences(logEvent));
}

/// <summary>
/// The errors of one batch of a source that fall into one tumbling window: what travels to the window aggregate, one
/// record per window per batch rather than one per error line.
/// </summary>
public sealed record ErrorSampleGroup(DateTimeOffset WindowStart, IReadOnlyList<ErrorSample> Samples);

/// <summary>The errors of one source within one window: a count and the first samples.</summary>
/// <param name="CountedThrough">
/// For each raw partition (topic and partition) whose errors the count includes, the last raw position counted: what
/// <see cref="ErrorBurstDetector.AddUncounted"/> skips a replay by. Null in windows of offline analyses, which see each
/// error once, and in windows stored before it existed.
/// </param>
public sealed record ErrorBurstWindow(long Count, Severity MaxLevel, IReadOnlyList<ErrorSample> Samples, IReadOnlyList<RawOffset>? CountedThrough = null)
{
    public static ErrorBurstWindow Empty { get; } = new(0, Severity.Unknown, []);

    public ErrorBurstWindow Add(ErrorSample sample, int maxSamples) => new(
        Count + sample.Count,
        sample.Level > MaxLevel ? sample.Level : MaxLevel,
        Samples.Count < maxSamples ? [.. Samples, sample] : Samples);
}

public sealed class ErrorBurstDetector(ErrorBurstOptions options)
{
    public ErrorBurstOptions Options => options;

    public static bool IsError(LogEvent logEvent) => logEvent.Level >= Severity.Error;

    public ErrorBurstWindow Add(ErrorBurstWindow window, ErrorSample sample) => window.Add(sample, options.MaxEvidence);

    /// <summary>
    /// Adds the errors of <paramref name="group"/> that <paramref name="window"/> has not counted: the live pipeline
    /// hands a window the same errors again after a crash (a restarted worker replays the records after its last commit
    /// and the events its sources carried across it), and counting them twice turned four errors into a burst of six.
    /// An error is new when its raw position is past the last one counted from its raw partition
    /// (<see cref="ErrorBurstWindow.CountedThrough"/>): a source's events reach its windows in the order of their raw
    /// positions, one raw partition at a time, since the worker reads a partition in order and keeps each source's
    /// events in order from there on. A collapsed run is known by its first line's position, so a replay must collapse
    /// the run the same way (<see cref="RepeatState.NotBefore"/>).
    /// </summary>
    public ErrorBurstWindow AddUncounted(ErrorBurstWindow window, ErrorSampleGroup group)
    {
        var counted = window.CountedThrough?.ToList() ?? [];
        foreach (var sample in group.Samples)
        {
            var last = counted.FindIndex(raw => raw.Topic == sample.Raw.Topic && raw.Partition == sample.Raw.Partition);
            if (last >= 0 && !IsAfter(sample.Raw, counted[last]))
            {
                continue;
            }

            if (last >= 0)
            {
                counted[last] = sample.Raw;
            }
            else
            {
                counted.Add(sample.Raw);
            }

            window = window.Add(sample, options.MaxEvidence);
        }

        return window with { CountedThrough = counted };
    }

    /// <summary>
    /// The error events grouped by the tumbling window they fall into. Windows start at multiples of the window size
    /// from the Unix epoch, as Kafka Streams (and Streamiz) align tumbling windows, so a group lands in exactly one window.
    /// </summary>
    public IEnumerable<ErrorSampleGroup> GroupByWindow(IEnumerable<LogEvent> events) =>
        events.Where(IsError)
            .Select(ErrorSample.From)
            .GroupBy(sample => WindowStart(sample.Timestamp))
            .Select(group => new ErrorSampleGroup(group.Key, group.ToList()));

    /// <summary>The start of the tumbling window <paramref name="timestamp"/> falls into (see <see cref="GroupByWindow"/>).</summary>
    public DateTimeOffset WindowStart(DateTimeOffset timestamp)
    {
        var size = (long)options.Window.TotalMilliseconds;
        var ms = timestamp.ToUnixTimeMilliseconds();
        return DateTimeOffset.FromUnixTimeMilliseconds(ms - (((ms % size) + size) % size));
    }

    public bool IsBurst(ErrorBurstWindow window) => window.Count >= options.Threshold;

    public Finding ToFinding(string source, DateTimeOffset windowStart, ErrorBurstWindow window)
    {
        var messages = window.Samples.Select(s => s.Message).ToArray();
        return new Finding(
            Id: FindingId(source, windowStart),
            Kind: ErrorBurstOptions.Kind,
            Severity: window.MaxLevel,
            Source: source,
            Service: window.Samples.Select(s => s.Service).FirstOrDefault(s => s is not null),
            WindowStart: windowStart,
            WindowEnd: windowStart + options.Window,
            Title: $"{window.Count} errors from {source} within {options.Window.TotalSeconds:0}s (threshold {options.Threshold})",
            Count: window.Count,
            Baseline: null,
            Score: (double)window.Count / options.Threshold,
            ModelVersion: null,
            Templates: [],
            Examples: messages.Distinct().Take(5).ToArray(),
            Evidence: window.Samples.Select(s => s.Raw).ToArray());
    }

    private static bool IsAfter(RawOffset raw, RawOffset last) => raw.Offset > last.Offset || (raw.Offset == last.Offset && raw.Index > last.Index);

    /// <summary>Stable for a source and window, so replays and later updates of a window hit the same finding.</summary>
    public static string FindingId(string source, DateTimeOffset windowStart)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{ErrorBurstOptions.Kind}\n{source}\n{windowStart.ToUnixTimeMilliseconds()}"));
        return Convert.ToHexStringLower(hash, 0, 12);
    }
}
