using FaultMaven.Contracts;

namespace FaultMaven.Analysis.Anomaly.Streaming;

/// <summary>
/// A finding not built yet, because it names templates. Built with <c>null</c>, it names each template by the text
/// its events carried when they were observed (the live pipeline); built with a lookup from template id to text, by
/// that text (an offline analysis, which knows each template's final text only after mining the whole input). A
/// template the lookup does not know (<c>null</c>) keeps the text its events carried.
/// </summary>
public delegate Finding FindingDraft(Func<int, string?>? templateText);

/// <summary>A streaming detector whose findings can wait for the templates' final texts (<see cref="FindingDraft"/>).</summary>
/// <remarks>Its decisions depend on template ids only, never on their texts, so waiting changes nothing but the names.</remarks>
public interface IDraftingDetector : IStreamingDetector
{
    /// <summary>As <see cref="IStreamingDetector.Observe"/>, with the findings left unbuilt.</summary>
    IReadOnlyList<FindingDraft> Draft(TemplatedEvent templated);

    /// <summary>As <see cref="IStreamingDetector.AdvanceTo"/>, with the findings left unbuilt.</summary>
    IReadOnlyList<FindingDraft> DraftUntil(DateTimeOffset now);
}

/// <summary>Helpers for detectors that make <see cref="FindingDraft"/>s.</summary>
public static class FindingDrafts
{
    /// <summary>A finding that names no template, or only texts fixed when it was made.</summary>
    public static FindingDraft Finished(Finding finding) => _ => finding;

    /// <summary>The drafts built as the live pipeline builds them, each template named by the text its events carried.</summary>
    public static IReadOnlyList<Finding> BuildLive(IReadOnlyList<FindingDraft> drafts) =>
        drafts.Count == 0 ? [] : [.. drafts.Select(draft => draft(null))];
}
