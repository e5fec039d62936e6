using FaultMaven.Analysis.Headers;

namespace FaultMaven.Analysis.Normalization;

/// <summary>
/// The header layout learned for one source, as kept in its <see cref="SourceState"/>.
/// </summary>
/// <param name="Layout">The <see cref="HeaderCatalog"/> layout in use (<see cref="HeaderFormat.WholeLine"/>'s when none explains the source).</param>
/// <param name="Sample">The source's first lines (or, after it stopped matching, its latest), while they are being collected; null once learned.</param>
/// <param name="Lines">Lines parsed since the last check.</param>
/// <param name="Misses">Of those, the lines the layout did not explain (with no layout: the lines no format explained).</param>
/// <param name="Period">How many lines go between checks; doubles each time a check finds the source no better explained, so a source that fits no layout is not re-learned over and over.</param>
public sealed record HeaderState(string Layout, IReadOnlyList<string>? Sample = null, int Lines = 0, int Misses = 0, int Period = HeaderLearner.FirstPeriod)
{
    // The sample compares by its lines, so that a state equals its JSON round trip.
    public bool Equals(HeaderState? other) =>
        other is not null && Layout == other.Layout && Lines == other.Lines && Misses == other.Misses && Period == other.Period
        && (Sample is null ? other.Sample is null : other.Sample is not null && Sample.SequenceEqual(other.Sample));

    public override int GetHashCode() => HashCode.Combine(Layout, Sample?.Count, Lines, Misses, Period);
}

/// <summary>
/// Learns a source's header layout with <see cref="HeaderDetector"/> (the detection <c>fm templates</c> and <c>fm analyze</c> run)
/// from its first <see cref="SampleSize"/> lines, re-detecting on each record until that many have been seen; then checks every
/// <see cref="HeaderState.Period"/> lines that more than half are still explained, and learns again from the latest lines when not.
/// </summary>
internal sealed class HeaderLearner
{
    /// <summary>Lines detection looks at; the offline commands look at 500, a stream's state keeps fewer.</summary>
    public const int SampleSize = 50;

    public const int FirstPeriod = 1_000;

    // The header is at the start of a line; a stack of 64 KB lines need not be kept in the state.
    private const int MaxSampleLineLength = 512;
    private const int MaxPeriod = 1 << 24;

    private List<string>? sample;
    private int lines;
    private int misses;
    private int period;

    private HeaderLearner(HeaderState? state)
    {
        Format = state is null ? HeaderFormat.WholeLine : HeaderCatalog.Find(state.Layout) ?? HeaderFormat.WholeLine;
        // A layout the catalog no longer has (state written by another version) is learned afresh.
        sample = state is null || HeaderCatalog.Find(state.Layout) is null ? [] : state.Sample?.ToList();
        lines = state?.Lines ?? 0;
        misses = state?.Misses ?? 0;
        period = state?.Period ?? FirstPeriod;
    }

    /// <summary>The layout in force: <see cref="HeaderFormat.WholeLine"/> until one is learned.</summary>
    public HeaderFormat Format { get; private set; }

    /// <summary>The layout to read lines with, or null when the whole line is the content.</summary>
    public HeaderFormat? Header => ReferenceEquals(Format, HeaderFormat.WholeLine) ? null : Format;

    public static HeaderLearner Resume(HeaderState? state) => new(state);

    /// <summary>While learning, takes a record's lines into the sample and detects again from it.</summary>
    public void Observe(IReadOnlyList<LogLine> recordLines)
    {
        if (sample is not null)
        {
            Collect(recordLines, 0);
        }
    }

    /// <summary>Counts a parsed line as explained or missed.</summary>
    /// <param name="format">The format the line was parsed as.</param>
    public void Count(LogFormat format)
    {
        lines++;
        var explained = Header is null ? format != LogFormat.PlainText : format == LogFormat.Header;
        misses += explained ? 0 : 1;
    }

    /// <summary>At the end of a record: when a check is due and most lines went unexplained, learns again from the record's latest lines.</summary>
    public HeaderState End(IReadOnlyList<LogLine> recordLines)
    {
        if (sample is null && lines >= period)
        {
            if (misses * 2 > lines)
            {
                period = Math.Min(period * 2, MaxPeriod);
                sample = [];
                Collect(recordLines, Math.Max(0, recordLines.Count - SampleSize));
            }
            else
            {
                period = FirstPeriod;
            }

            lines = misses = 0;
        }

        return new HeaderState(Format.Layout, sample, lines, misses, period);
    }

    private void Collect(IReadOnlyList<LogLine> recordLines, int from)
    {
        var taken = 0;
        for (var i = from; i < recordLines.Count && sample!.Count < SampleSize; i++, taken++)
        {
            var text = WellKnownFields.CarriedText(recordLines[i]) ?? recordLines[i].Text;
            sample.Add(text.Length > MaxSampleLineLength ? text[..MaxSampleLineLength] : text);
        }

        if (taken == 0)
        {
            return;
        }

        var detected = HeaderDetector.Detect(sample!).Format;
        Format = HeaderCatalog.IsReadByOwnParser(detected) ? HeaderFormat.WholeLine : detected;
        if (sample!.Count >= SampleSize)
        {
            sample = null;
        }
    }
}
