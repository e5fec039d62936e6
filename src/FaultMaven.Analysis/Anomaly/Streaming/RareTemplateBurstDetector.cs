using FaultMaven.Contracts;

namespace FaultMaven.Analysis.Anomaly.Streaming;

/// <summary>Options of <see cref="RareTemplateBurstDetector"/>.</summary>
/// <param name="RareShare">A template is rare while its share of the source's past events is below this.</param>
/// <param name="MinBurst">Fewest occurrences in one window that make a burst.</param>
/// <param name="MinHistory">Past events a source needs before any of its templates can be called rare.</param>
public sealed record RareTemplateBurstOptions(TimeSpan Window, double RareShare = 0.001, int MinBurst = 5, long MinHistory = 1000);

/// <summary>Reports a template that is rare in a source's history but occurs many times within one window.</summary>
public sealed class RareTemplateBurstDetector(RareTemplateBurstOptions options) : WindowedDetector(options.Window)
{
    public const string Kind = "rare-template-burst";

    // What one finding lists of the bursts it groups: the templates and an example of each, and the lines behind them.
    private const int MaxListed = 5;
    private const int MaxEvidence = 20;
    private readonly Dictionary<string, long> pastEventsOfSource = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Source, int TemplateId), long> pastEventsOfTemplate = [];
    private readonly Dictionary<(string Source, int TemplateId), (LogEvent First, WindowTally Tally)> window = [];

    protected override void Count(TemplatedEvent templated)
    {
        var key = (templated.Event.Source, templated.TemplateId);
        if (!window.TryGetValue(key, out var entry))
        {
            entry = (templated.Event, new WindowTally());
            window.Add(key, entry);
        }

        entry.Tally.Add(templated);
    }

    protected override IEnumerable<Finding> CloseWindow(DateTimeOffset start, DateTimeOffset end)
    {
        var bursts = new List<(string Source, LogEvent First, WindowTally Tally, double Expected)>();
        foreach (var ((source, templateId), (first, tally)) in window)
        {
            var history = pastEventsOfSource.GetValueOrDefault(source);
            var pastShare = history == 0 ? 0 : (double)pastEventsOfTemplate.GetValueOrDefault((source, templateId)) / history;
            if (history >= options.MinHistory && pastShare < options.RareShare && tally.Count >= options.MinBurst)
            {
                var expected = pastShare * window.Where(pair => pair.Key.Source == source).Sum(pair => pair.Value.Tally.Count);
                bursts.Add((source, first, tally, expected));
            }
        }

        // One finding per source and window: rare messages that burst together are usually one event (a node booting
        // prints a dozen of them), and a dozen findings for it bury the rest. The largest burst names the finding.
        var findings = bursts
            .GroupBy(burst => burst.Source, StringComparer.Ordinal)
            .Select(group => ToFinding(group.Key, [.. group.OrderByDescending(burst => burst.Tally.Count).ThenBy(burst => burst.Tally.Templates[0], StringComparer.Ordinal)], start, end))
            .ToList();

        foreach (var ((source, templateId), (_, tally)) in window)
        {
            pastEventsOfSource[source] = pastEventsOfSource.GetValueOrDefault(source) + tally.Count;
            pastEventsOfTemplate[(source, templateId)] = pastEventsOfTemplate.GetValueOrDefault((source, templateId)) + tally.Count;
        }

        window.Clear();
        return findings;
    }

    private static Finding ToFinding(string source, IReadOnlyList<(string Source, LogEvent First, WindowTally Tally, double Expected)> bursts, DateTimeOffset start, DateTimeOffset end)
    {
        var (_, first, largest, _) = bursts[0];
        var count = bursts.Sum(burst => burst.Tally.Count);
        var expected = bursts.Sum(burst => burst.Expected);
        var level = bursts.Max(burst => burst.First.Level);
        var template = largest.Templates[0];
        var title = bursts.Count == 1
            ? $"Rare message burst from {source}: {count} × {template}"
            : $"Rare messages burst from {source}: {bursts.Count} kinds, {count} lines; most {largest.Count} × {template}";
        return new Finding(
            FindingId.For(Kind, source, template, start),
            Kind,
            level >= Severity.Warn ? level : Severity.Warn,
            source,
            first.Service,
            start,
            end,
            title,
            count,
            expected,
            count / Math.Max(expected, 1),
            $"{Kind}/2",
            [.. bursts.Select(burst => burst.Tally.Templates[0]).Take(MaxListed)],
            [.. bursts.SelectMany(burst => burst.Tally.Examples.Take(1)).Take(MaxListed)],
            [.. bursts.SelectMany(burst => burst.Tally.Evidence).Take(MaxEvidence)]);
    }
}
