namespace FaultMaven.Analysis.Normalization;

/// <summary>Attribute keys FaultMaven adds to <see cref="Contracts.LogEvent.Attributes"/>; all start with <c>fm.</c>.</summary>
public static class AttributeKeys
{
    /// <summary>The format the event was parsed as, e.g. <c>json</c>, <c>syslog</c>.</summary>
    public const string Format = "fm.format";

    /// <summary>How many input lines were merged into the event (present only when more than one).</summary>
    public const string Lines = "fm.lines";

    /// <summary>
    /// Present when the event's text was cut, by the producer that put its line into a record (<see cref="RawRecord.TruncatedFrom"/>)
    /// or at <see cref="NormalizerOptions.MaxEventBytes"/>: the length in bytes it had before, as <see cref="PendingEvent.Bytes"/>.
    /// </summary>
    public const string Truncated = "fm.truncated";

    /// <summary><c>true</c> when invalid UTF-8 was replaced with U+FFFD.</summary>
    public const string InvalidUtf8 = "fm.invalid_utf8";

    /// <summary>How many identical events were collapsed into this one (present only when more than one).</summary>
    public const string Repeat = "fm.repeat";

    /// <summary>The timestamp of the last collapsed repeat, ISO 8601.</summary>
    public const string LastSeen = "fm.last_seen";

}
