using FaultMaven.Contracts;

namespace FaultMaven.Analysis.Anomaly.Sessions;

/// <summary>Accumulates the events of one session or window.</summary>
internal sealed class TemplateCountsBuilder(string key)
{
    private readonly Dictionary<int, int> counts = [];
    private readonly List<RawOffset> evidence = [];
    private DateTimeOffset start = DateTimeOffset.MaxValue;
    private DateTimeOffset end = DateTimeOffset.MinValue;

    public void Add(TemplatedEvent templated)
    {
        counts[templated.TemplateId] = counts.GetValueOrDefault(templated.TemplateId) + 1;
        evidence.Add(templated.Event.Raw);
        var timestamp = templated.Event.Timestamp;
        start = timestamp < start ? timestamp : start;
        end = timestamp > end ? timestamp : end;
    }

    public TemplateCounts Build() => new(key, counts, start, end, evidence);
}
