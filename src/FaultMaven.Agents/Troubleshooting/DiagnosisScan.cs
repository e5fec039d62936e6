using System.Text.RegularExpressions;
using FaultMaven.Agents.Knowledge;
using FaultMaven.Contracts;

namespace FaultMaven.Agents.Troubleshooting;

/// <summary>
/// The per-line half of <see cref="TroubleshootingAgent.Diagnose(IReadOnlyList{LogEvent}, IReadOnlyList{Finding}, FeedbackHistory)"/>
/// fed one event at a time, in input order: each line's signature hits and the platforms' fingerprints. It keeps only
/// the events some signature matched, so an input of any length can be diagnosed while it is read
/// (<see cref="TroubleshootingAgent.StartScan"/>, <see cref="TroubleshootingAgent.Diagnose(DiagnosisScan, IReadOnlyList{Finding}, FeedbackHistory)"/>).
/// </summary>
public sealed class DiagnosisScan
{
    private readonly SignatureHits hits;
    private readonly PlatformDetector.Scan platforms;
    private readonly LiteralPrefilter<DiagnosisPattern> patterns;
    private readonly Dictionary<int, LogEvent> matched = [];

    /// <summary>One line's candidates of each kind, refilled for every line.</summary>
    private readonly List<(int RootCause, Signature Signature)> signatures = [];

    private readonly List<(int Platform, Regex Fingerprint)> fingerprints = [];

    internal DiagnosisScan(KnowledgeBase knowledge)
    {
        hits = new SignatureHits(knowledge.RootCauses);
        platforms = new PlatformDetector.Scan(knowledge.Platforms);
        patterns = DiagnosisPattern.Prefilter(knowledge);
    }

    /// <summary>Lines scanned so far; the next line's position.</summary>
    public int Count { get; private set; }

    /// <summary>Scans the next line of the input.</summary>
    public void Add(LogEvent logEvent)
    {
        var text = SignatureMatcher.SearchableText(logEvent);
        signatures.Clear();
        fingerprints.Clear();
        foreach (var pattern in patterns.Candidates(text))
        {
            if (pattern.Signature is { } signature)
            {
                signatures.Add((pattern.Owner, signature));
            }
            else
            {
                fingerprints.Add((pattern.Owner, pattern.Fingerprint!));
            }
        }

        if (hits.Add(Count, logEvent, text, signatures))
        {
            matched.Add(Count, logEvent);
        }

        platforms.Add(text, fingerprints);
        Count++;
    }

    /// <summary>The evidence of each root cause among the lines scanned (<see cref="SignatureMatcher.Match(IReadOnlyList{RootCause}, IReadOnlyList{LogEvent}, IMeaningMatcher?)"/> without meaning).</summary>
    internal IReadOnlyList<RootCauseEvidence> Evidence() => SignatureMatcher.Evidence(hits.Found(), position => matched[position], matchByMeaning: null);

    /// <summary>The platforms fingerprinted in the lines scanned (<see cref="PlatformDetector.Detect"/>).</summary>
    internal IReadOnlySet<string> Platforms => platforms.Found;
}
