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

    // The most templates one finding lists of the bursts it groups.
    private const int MaxListed = 5;

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

    protected override IEnumerable<FindingDraft> CloseWindow(DateTimeOffset start, DateTimeOffset end)
    {
        var inWindow = window
            .GroupBy(pair => pair.Key.Source, StringComparer.Ordinal)
            .ToDictionary(source => source.Key, source => source.Sum(pair => pair.Value.Tally.Count), StringComparer.Ordinal);
        var bursts = new List<Burst>();
        foreach (var ((source, templateId), (first, tally)) in window)
        {
            var history = pastEventsOfSource.GetValueOrDefault(source);
            var pastShare = history == 0 ? 0 : (double)pastEventsOfTemplate.GetValueOrDefault((source, templateId)) / history;
            if (history >= options.MinHistory && pastShare < options.RareShare && tally.Count >= options.MinBurst)
            {
                bursts.Add(new Burst(source, templateId, first, tally, pastShare * inWindow[source]));
            }
        }

        // One finding per source and window: rare messages that burst together are usually one event (a node booting
        // prints a dozen of them), and a dozen findings for it bury the rest. The largest burst names the finding.
        var findings = bursts
            .GroupBy(burst => burst.Source, StringComparer.Ordinal)
            .Select(group => Drafted(group.Key, [.. group], start, end))
            .ToList();

        foreach (var ((source, templateId), (_, tally)) in window)
        {
            pastEventsOfSource[source] = pastEventsOfSource.GetValueOrDefault(source) + tally.Count;
            pastEventsOfTemplate[(source, templateId)] = pastEventsOfTemplate.GetValueOrDefault((source, templateId)) + tally.Count;
        }

        window.Clear();
        return findings;
    }

    /// <remarks>The bursts' order, and so the finding's name, examples and evidence, depends on the templates' texts.</remarks>
    private static FindingDraft Drafted(string source, IReadOnlyList<Burst> bursts, DateTimeOffset start, DateTimeOffset end) => templateText =>
    {
        var named = bursts
            .Select(burst => (Burst: burst, Templates: templateText?.Invoke(burst.TemplateId) is { } text ? [text] : burst.Tally.Templates))
            .OrderByDescending(burst => burst.Burst.Tally.Count)
            .ThenBy(burst => burst.Templates[0], StringComparer.Ordinal)
            .ToList();
        return ToFinding(source, named, start, end);
    };

    private static Finding ToFinding(string source, IReadOnlyList<(Burst Burst, IReadOnlyList<string> Templates)> named, DateTimeOffset start, DateTimeOffset end)
    {
        var bursts = named.Select(burst => burst.Burst).ToList();
        var largest = bursts[0];
        var count = bursts.Sum(burst => burst.Tally.Count);
        var expected = bursts.Sum(burst => burst.Expected);
        var template = named[0].Templates[0];
        var title = bursts.Count == 1
            ? $"Rare message burst from {source}: {count} × {template}"
            : $"Rare messages burst from {source}: {bursts.Count} kinds, {count} lines; most {largest.Tally.Count} × {template}";
        // A lone burst keeps all its tally's examples; grouped ones share them, at least one each.
        var examplesEach = Math.Max(1, WindowTally.MaxExamples / bursts.Count);
        return new Finding(
            FindingId.For(Kind, source, template, start),
            Kind,
            // A burst of rare informational messages (a node booting prints a dozen) is worth a look, not a page.
            ErrorLike.SeverityOf(bursts.Max(burst => burst.Tally.MaxLevel), bursts.SelectMany(burst => burst.Tally.Examples)),
            source,
            largest.First.Service,
            start,
            end,
            title,
            count,
            expected,
            count / Math.Max(expected, 1),
            $"{Kind}/2",
            [.. named.SelectMany(burst => burst.Templates).Distinct(StringComparer.Ordinal).Take(MaxListed)],
            [.. bursts.SelectMany(burst => burst.Tally.Examples.Take(examplesEach)).Take(MaxListed)],
            [.. bursts.SelectMany(burst => burst.Tally.Evidence).Take(WindowTally.MaxEvidence)]);
    }

    /// <summary>A rare template's burst in the closing window: its template, first event, tally, and how many the source's history expected.</summary>
    private sealed record Burst(string Source, int TemplateId, LogEvent First, WindowTally Tally, double Expected);
}
