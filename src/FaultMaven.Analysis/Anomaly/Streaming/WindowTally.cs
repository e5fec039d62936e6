using FaultMaven.Analysis.Filtering;
using FaultMaven.Contracts;

namespace FaultMaven.Analysis.Anomaly.Streaming;

/// <summary>Count of events in one window (a collapsed event counts its repeats) for one series, with their highest level and a few examples and raw offsets kept as evidence.</summary>
internal sealed class WindowTally
{
    /// <summary>The most examples (and distinct templates) a tally keeps.</summary>
    public const int MaxExamples = 3;

    /// <summary>The most evidence positions a tally keeps.</summary>
    public const int MaxEvidence = 20;
    private readonly List<string> examples = [];
    private readonly List<RawOffset> evidence = [];
    private readonly HashSet<string> templates = [];

    public long Count { get; private set; }

    /// <summary>The highest level of the events counted, which says how serious a finding about them is (<see cref="ErrorLike.SeverityOf"/>).</summary>
    public Severity MaxLevel { get; private set; }

    public IReadOnlyList<string> Examples => examples;

    public IReadOnlyList<RawOffset> Evidence => evidence;

    public IReadOnlyList<string> Templates => [.. templates.Order(StringComparer.Ordinal)];

    public void Add(TemplatedEvent templated)
    {
        Count += RepeatCollapser.Occurrences(templated.Event);
        if (templated.Event.Level > MaxLevel)
        {
            MaxLevel = templated.Event.Level;
        }

        if (examples.Count < MaxExamples)
        {
            examples.Add(templated.Event.Message);
        }

        if (evidence.Count < MaxEvidence)
        {
            evidence.Add(templated.Event.Raw);
        }

        if (templates.Count < MaxExamples)
        {
            templates.Add(templated.Template);
        }
    }
}
