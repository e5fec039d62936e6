using FaultMaven.Analysis.Masking;

namespace FaultMaven.Analysis.Normalization;

/// <summary>How <see cref="LogNormalizer"/> reads, merges and masks lines.</summary>
public sealed record NormalizerOptions
{
    public static NormalizerOptions Default { get; } = new();

    /// <summary>Formats forced per source (by record key); other sources are detected line by line.</summary>
    public IReadOnlyDictionary<string, LogFormat> FormatBySource { get; init; } = new Dictionary<string, LogFormat>();

    /// <summary>Events longer than this (in UTF-8 bytes) are cut and flagged with <see cref="AttributeKeys.Truncated"/>.</summary>
    public int MaxEventBytes { get; init; } = 64 * 1024;

    /// <summary>A multi-line event still open after this long without a new line is emitted by <see cref="LogNormalizer.Flush"/>.</summary>
    public TimeSpan MultiLineIdleTimeout { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Secret and personal-data masking applied to every event before it leaves the normalizer.</summary>
    public MaskingOptions Masking { get; init; } = MaskingOptions.Default;

    public LogFormat FormatFor(string source) =>
        FormatBySource.TryGetValue(source, out var format) ? format : LogFormat.Auto;
}
