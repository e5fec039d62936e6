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
        var findings = new List<Finding>();
        foreach (var ((source, templateId), (first, tally)) in window)
        {
            var history = pastEventsOfSource.GetValueOrDefault(source);
            var pastShare = history == 0 ? 0 : (double)pastEventsOfTemplate.GetValueOrDefault((source, templateId)) / history;
            if (history >= options.MinHistory && pastShare < options.RareShare && tally.Count >= options.MinBurst)
            {
                var template = tally.Templates[0];
                var expected = pastShare * window.Where(pair => pair.Key.Source == source).Sum(pair => pair.Value.Tally.Count);
                findings.Add(new Finding(
                    FindingId.For(Kind, source, template, start),
                    Kind,
                    first.Level >= Severity.Warn ? first.Level : Severity.Warn,
                    source,
                    first.Service,
                    start,
                    end,
                    $"Rare message burst from {source}: {tally.Count} × {template}",
                    tally.Count,
                    expected,
                    tally.Count / Math.Max(expected, 1),
                    $"{Kind}/1",
                    tally.Templates,
                    tally.Examples,
                    tally.Evidence));
            }
        }

        foreach (var ((source, templateId), (_, tally)) in window)
        {
            pastEventsOfSource[source] = pastEventsOfSource.GetValueOrDefault(source) + tally.Count;
            pastEventsOfTemplate[(source, templateId)] = pastEventsOfTemplate.GetValueOrDefault((source, templateId)) + tally.Count;
        }

        window.Clear();
        return findings;
    }
}
