using System.Globalization;
using System.Text;
using FaultMaven.Analysis.Masking;
using FaultMaven.Contracts;

namespace FaultMaven.Analysis.Normalization;

/// <summary>
/// Turns raw records into masked <see cref="LogEvent"/>s. Every non-blank line ends up in exactly one event or one dead letter
/// (table headers aside). <see cref="Normalize"/> is stateless; <see cref="Accept"/> and <see cref="Flush"/> carry a
/// <see cref="SourceState"/> per source so that multi-line events, CSV headers and the source's learned header layout
/// (<see cref="HeaderLearner"/>) span records.
/// </summary>
public sealed class LogNormalizer(NormalizerOptions options)
{
    private const string Step = "normalize";
    private const string True = "true";

    private readonly Masker masker = new(options.Masking);

    /// <summary>How long a source's pending event waits for a continuation line (<see cref="NormalizerOptions.MultiLineIdleTimeout"/>).</summary>
    public TimeSpan IdleTimeout => options.MultiLineIdleTimeout;

    public LogNormalizer()
        : this(NormalizerOptions.Default)
    {
    }

    /// <summary>Normalizes one record on its own: lines merge within it, and its last event is not held back.</summary>
    public NormalizationResult Normalize(RawRecord record)
    {
        var events = new List<LogEvent>();
        return Normalize(record, events.Add) with { Events = events };
    }

    /// <summary>
    /// As <see cref="Normalize(RawRecord)"/>, passing each event to <paramref name="emit"/> in order as soon as it is
    /// complete instead of listing them, so that a large record's events need not be held at once.
    /// </summary>
    /// <returns>The dead letters and table header lines; its <see cref="NormalizationResult.Events"/> is empty.</returns>
    public NormalizationResult Normalize(RawRecord record, Action<LogEvent> emit)
    {
        var (result, state) = Accept(record, SourceState.Empty, emit);
        if (state.Pending is { } pending)
        {
            emit(Complete(pending));
        }

        return result;
    }

    /// <summary>Normalizes a record of a source whose state is <paramref name="state"/>; the last event may stay pending in the returned state.</summary>
    public (NormalizationResult Result, SourceState State) Accept(RawRecord record, SourceState state)
    {
        var events = new List<LogEvent>();
        var (result, next) = Accept(record, state, events.Add);
        return (result with { Events = events }, next);
    }

    private (NormalizationResult Result, SourceState State) Accept(RawRecord record, SourceState state, Action<LogEvent> emit)
    {
        var deadLetters = new List<DeadLetter>();
        var headerLines = 0;
        var pending = state.Pending;
        if (pending is not null && record.ReceivedAt - pending.LastLineAt >= options.MultiLineIdleTimeout)
        {
            emit(Complete(pending));
            pending = null;
        }

        var table = state.Table;
        var last = state.LastFormat;
        var forced = options.FormatFor(record.Source);
        var read = LineReader.Read(record.Value, options.MaxEventBytes, record.TruncatedFrom);
        var lines = read.Lines;
        var learner = forced is LogFormat.Auto or LogFormat.Header ? HeaderLearner.Resume(state.Header) : null;
        learner?.Observe(lines);
        var header = learner?.Header;
        var dates = new InputDates(lines, record.ReceivedAt);
        DateTimeOffset? lastTimestamp = null;
        for (var index = 0; index < lines.Count; index++)
        {
            if (index > 0)
            {
                lines[index - 1].ForgetText();
            }

            var rawLine = lines[index];
            // A pasted table's rows are events of their own even when indented under a title, so tables come before
            // continuations; and before container prefixes, which a '|' table's first column would look like.
            var tableParse = forced == LogFormat.Auto ? TextTables.Parse(rawLine.Text, index + 1 < lines.Count ? lines[index + 1].Text : null, table) : LineParse.NotRecognized;
            var prefix = tableParse.Kind == LineParseKind.NotRecognized ? ContainerPrefix.Read(rawLine.Utf8.Span) : null;
            var line = prefix is null ? rawLine : rawLine.WithoutPrefix(prefix.Length);
            if (tableParse.Kind == LineParseKind.NotRecognized && table is { Format: LogFormat.TextTable })
            {
                table = null;
            }

            if (tableParse.Kind == LineParseKind.NotRecognized && pending is not null && MultiLineRules.Continues(line.Text, pending))
            {
                pending = Append(pending, line.Text, line, record.ReceivedAt);
                continue;
            }

            var parse = tableParse.Kind != LineParseKind.NotRecognized
                ? tableParse
                : LineParsers.Parse(line, new ParseContext(record.ReceivedAt, table, header, dates), forced, last);
            switch (parse.Kind)
            {
                case LineParseKind.Header:
                    table = parse.Header;
                    headerLines++;
                    continue;
                case LineParseKind.Rejected:
                    deadLetters.Add(new DeadLetter(parse.Reason!, Step, record.Source, record.Origin with { Index = line.Index }, line.Original.ToArray(), record.ReceivedAt));
                    continue;
            }

            var parsed = WithInferredFields(parse.Line!, prefix, ref lastTimestamp);
            last = parsed.Format;
            learner?.Count(parsed.Format);
            if (pending is not null && ContinuesPending(parsed, pending))
            {
                pending = Append(pending, parsed.Message, line, record.ReceivedAt);
                continue;
            }

            if (pending is not null)
            {
                emit(Complete(pending));
            }

            pending = Start(parsed, line, record);
            if (!MultiLineRules.CanBeContinued(parsed.Format))
            {
                emit(Complete(pending));
                pending = null;
            }
        }

        return (new NormalizationResult([], deadLetters, headerLines, read.Count, read.Blank), new SourceState(table, last, pending, learner?.End(lines) ?? state.Header));
    }

    /// <summary>Emits the pending event of a source when no line has continued it for <see cref="NormalizerOptions.MultiLineIdleTimeout"/>.</summary>
    public (NormalizationResult Result, SourceState State) Flush(SourceState state, DateTimeOffset now) =>
        state.Pending is { } pending && now - pending.LastLineAt >= options.MultiLineIdleTimeout
            ? (new NormalizationResult([Complete(pending)], []), state with { Pending = null })
            : (NormalizationResult.Empty, state);

    /// <summary>
    /// Fills what the line leaves out from around it: the service from a container prefix, the timestamp from the
    /// record's previous line (a line without one inside a paste happened next to its neighbours, not at arrival), and a
    /// level from the message (<see cref="MessageLevel"/>).
    /// </summary>
    private static ParsedLine WithInferredFields(ParsedLine parsed, ContainerPrefix? prefix, ref DateTimeOffset? lastTimestamp)
    {
        parsed = prefix?.Apply(parsed) ?? parsed;
        if (parsed.Timestamp is null && lastTimestamp is { } neighbour && !parsed.ContinuesPrevious)
        {
            parsed = parsed with { Timestamp = neighbour };
        }

        lastTimestamp = parsed.Timestamp ?? lastTimestamp;
        return parsed.Level == Severity.Unknown && MessageLevel.Of(parsed.Message) is var level and not Severity.Unknown
            ? parsed with { Level = level }
            : parsed;
    }

    // Syslog transports send each line of a stack trace as its own message, with the same host and program.
    private static bool ContinuesPending(ParsedLine parsed, PendingEvent pending) =>
        parsed.ContinuesPrevious
            ? parsed.Format == pending.Format
            : parsed.Format is LogFormat.Syslog or LogFormat.Journald
                && parsed.Format == pending.Format
                && parsed.Host == pending.Event.Host
                && parsed.Service == pending.Event.Service
                && MultiLineRules.Continues(parsed.Message, pending);

    private PendingEvent Start(ParsedLine parsed, LogLine line, RawRecord record)
    {
        var insidePrivateKey = false;
        var message = masker.MaskLine(parsed.Message, ref insidePrivateKey);
        IReadOnlyDictionary<string, string> attributes = FormatNames.AttributesOf(parsed.Format);
        if (parsed.Attributes is not null || line.InvalidUtf8)
        {
            var own = parsed.Attributes ?? WellKnownFields.NewFields();
            foreach (var (name, value) in own)
            {
                var masked = masker.MaskField(name, value);
                if (!ReferenceEquals(masked, value))
                {
                    own[name] = masked;
                }
            }

            own[AttributeKeys.Format] = FormatNames.Of(parsed.Format);
            if (line.InvalidUtf8)
            {
                own[AttributeKeys.InvalidUtf8] = True;
            }

            attributes = own;
        }

        var logEvent = new LogEvent(
            parsed.Timestamp ?? record.ReceivedAt,
            record.Source,
            parsed.Service,
            parsed.Host,
            parsed.Level,
            message,
            attributes,
            record.Origin with { Index = line.Index });
        return new PendingEvent(logEvent, parsed.Format, Lines: 1, line.Truncated, record.ReceivedAt, insidePrivateKey, line.Bytes);
    }

    private PendingEvent Append(PendingEvent pending, string text, LogLine line, DateTimeOffset receivedAt)
    {
        var insidePrivateKey = pending.InsidePrivateKey;
        var masked = masker.MaskLine(text, ref insidePrivateKey);
        var message = pending.Event.Message;
        var truncated = pending.Truncated || line.Truncated;
        if (!truncated)
        {
            var room = options.MaxEventBytes - Encoding.UTF8.GetByteCount(message) - 1;
            truncated = Encoding.UTF8.GetByteCount(masked) > room;
            // A header line with an empty message (Microsoft console logging) takes its message from the next line.
            var separated = message.Length == 0 ? masked.TrimStart() : '\n' + masked;
            message += truncated ? Truncate(separated, room) : separated;
        }

        var attributes = pending.Event.Attributes;
        if (line.InvalidUtf8 && !attributes.ContainsKey(AttributeKeys.InvalidUtf8))
        {
            attributes = new Dictionary<string, string>(attributes, StringComparer.OrdinalIgnoreCase) { [AttributeKeys.InvalidUtf8] = True };
        }

        return pending with
        {
            Event = pending.Event with { Message = message, Attributes = attributes },
            Lines = pending.Lines + 1,
            Truncated = truncated,
            Bytes = pending.Bytes + 1 + line.Bytes,
            LastLineAt = receivedAt,
            InsidePrivateKey = insidePrivateKey,
        };
    }

    private static LogEvent Complete(PendingEvent pending)
    {
        if (pending.Lines == 1 && !pending.Truncated)
        {
            return pending.Event;
        }

        var attributes = new Dictionary<string, string>(pending.Event.Attributes, StringComparer.OrdinalIgnoreCase);
        if (pending.Lines > 1)
        {
            attributes[AttributeKeys.Lines] = pending.Lines.ToString(CultureInfo.InvariantCulture);
        }

        if (pending.Truncated)
        {
            attributes[AttributeKeys.Truncated] = pending.Bytes.ToString(CultureInfo.InvariantCulture);
        }

        return pending.Event with { Attributes = attributes };
    }

    private static string Truncate(string text, int maxBytes)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        return Encoding.UTF8.GetString(bytes, 0, LogText.CutPoint(bytes, Math.Max(0, maxBytes)));
    }
}
