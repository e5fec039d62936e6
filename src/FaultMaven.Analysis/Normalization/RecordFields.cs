namespace FaultMaven.Analysis.Normalization;

/// <summary>Field names through which a producer of JSON, CSV or logfmt records tells the normalizer more than a field's value.</summary>
public static class RecordFields
{
    /// <summary>
    /// Splunk's field for an event's raw text (HEC string events, Splunk's exports): a record whose message is this
    /// field is read as that line, as a raw line of the source would be, the record's own timestamp, level, service,
    /// host and fields winning over what the text says.
    /// </summary>
    public const string RawText = "_raw";
}
