using System.Buffers;
using System.Runtime.InteropServices;
using System.Text;
using Avro;

namespace FaultMaven.Contracts.Avro;

/// <summary>
/// Avro binary encoding (Avro 1.11 specification, "Binary Encoding") of <see cref="LogEventBatch"/> written by hand for
/// exactly the schema in schemas/LogEventBatch.avsc, with no schema resolution. It produces the bytes Apache.Avro's
/// generic writer produces for that schema (a test compares them) at a fraction of its cost: the generic path builds a
/// dictionary-backed record per event and per raw position, which was 15 % of the worker's CPU at full load. Records
/// written with any other schema (an older LogEvent, a newer batch) must go through the generic reader.
/// </summary>
public static class LogEventBatchCodec
{
    private static readonly string[] Symbols = ((EnumSchema)((RecordSchema)((ArraySchema)ContractSchemas.LogEventBatch["events"].Schema).ItemSchema)["level"].Schema).Symbols.ToArray();
    private static readonly int[] SymbolOfSeverity = Enum.GetValues<Severity>().Select(s => Array.IndexOf(Symbols, s.ToString().ToUpperInvariant())).ToArray();
    private static readonly Severity[] SeverityOfSymbol = Symbols.Select(s => Enum.Parse<Severity>(s, ignoreCase: true)).ToArray();

    /// <summary>Appends the Avro body of <paramref name="batch"/> (no framing) to <paramref name="output"/>.</summary>
    public static void Write(LogEventBatch batch, ArrayBufferWriter<byte> output)
    {
        WriteString(output, batch.Source);
        if (batch.Events.Count > 0)
        {
            WriteLong(output, batch.Events.Count);
            foreach (var logEvent in batch.Events)
            {
                WriteEvent(output, logEvent);
            }
        }

        WriteLong(output, 0);
    }

    /// <summary>Reads a body written with exactly the LogEventBatch schema.</summary>
    /// <exception cref="InvalidDataException">The body is truncated, has trailing bytes or a value out of range.</exception>
    public static LogEventBatch Read(ReadOnlySpan<byte> body)
    {
        var reader = new Reader(body);
        var source = reader.String();
        List<LogEvent>? events = null;
        for (var count = reader.Long(); count != 0; count = reader.Long())
        {
            if (count < 0)
            {
                count = -count;
                reader.Long(); // the block's size in bytes, for skipping
            }

            // Sized by the first block (the whole batch, as Write writes it); an event takes more than one byte, so a
            // corrupt count cannot reserve more than the body's length.
            events ??= new List<LogEvent>((int)Math.Min(count, body.Length));
            for (var i = 0L; i < count; i++)
            {
                events.Add(reader.Event());
            }
        }

        if (!reader.AtEnd)
        {
            throw new InvalidDataException("trailing bytes after a LogEventBatch body");
        }

        return new LogEventBatch(source, events ?? []);
    }

    private static void WriteEvent(ArrayBufferWriter<byte> output, LogEvent logEvent)
    {
        WriteLong(output, (logEvent.Timestamp.UtcTicks - DateTime.UnixEpoch.Ticks) / TimeSpan.TicksPerMicrosecond);
        WriteString(output, logEvent.Source);
        WriteOptional(output, logEvent.Service);
        WriteOptional(output, logEvent.Host);
        WriteLong(output, SymbolOfSeverity[(int)logEvent.Level]);
        WriteString(output, logEvent.Message);
        if (logEvent.Attributes.Count > 0)
        {
            WriteLong(output, logEvent.Attributes.Count);
            foreach (var (key, value) in logEvent.Attributes)
            {
                WriteString(output, key);
                WriteString(output, value);
            }
        }

        WriteLong(output, 0);
        WriteString(output, logEvent.Raw.Topic);
        WriteLong(output, logEvent.Raw.Partition);
        WriteLong(output, logEvent.Raw.Offset);
        WriteLong(output, logEvent.Raw.Index);
        WriteLong(output, logEvent.Raw.Fingerprint);
        if (logEvent.TemplateId is { } id)
        {
            WriteLong(output, 1);
            WriteLong(output, id);
        }
        else
        {
            WriteLong(output, 0);
        }

        WriteOptional(output, logEvent.Template);
    }

    // ["null", "string"]: branch 0 is null.
    private static void WriteOptional(ArrayBufferWriter<byte> output, string? value)
    {
        WriteLong(output, value is null ? 0 : 1);
        if (value is not null)
        {
            WriteString(output, value);
        }
    }

    private static void WriteString(ArrayBufferWriter<byte> output, string value)
    {
        var length = Encoding.UTF8.GetByteCount(value);
        WriteLong(output, length);
        Encoding.UTF8.GetBytes(value, output.GetSpan(length));
        output.Advance(length);
    }

    // Zig-zag, then 7 bits a byte, low first; ints and longs are encoded alike.
    private static void WriteLong(ArrayBufferWriter<byte> output, long value)
    {
        var span = output.GetSpan(10);
        var n = (ulong)((value << 1) ^ (value >> 63));
        var written = 0;
        while (n >= 0x80)
        {
            span[written++] = (byte)(n | 0x80);
            n >>= 7;
        }

        span[written++] = (byte)n;
        output.Advance(written);
    }

    /// <summary>
    /// The last string decoded for one field, by its bytes: the events of a batch repeat their source, service, host,
    /// raw topic, attribute names and template text, and the logs sink decodes every stored line, so a repeat returns
    /// the string already made.
    /// </summary>
    private struct Repeated
    {
        public int Start;
        public int Length;
        public string? Value;
    }

    private ref struct Reader(ReadOnlySpan<byte> body)
    {
        private const int RepeatedNames = 8;
        private readonly ReadOnlySpan<byte> body = body;
        private int position;
        private Repeated source;
        private Repeated topic;
        private Repeated service;
        private Repeated host;
        private Repeated[]? names;
        private Dictionary<int, Repeated>? templates;
        private int nextName;

        public readonly bool AtEnd => position == body.Length;

        public LogEvent Event()
        {
            var timestamp = new DateTimeOffset(DateTime.UnixEpoch.Ticks + (Long() * TimeSpan.TicksPerMicrosecond), TimeSpan.Zero);
            var source = String(ref this.source);
            var service = Optional(ref this.service);
            var host = Optional(ref this.host);
            var symbol = Long();
            if (symbol < 0 || symbol >= SeverityOfSymbol.Length)
            {
                throw new InvalidDataException($"severity symbol {symbol} out of range");
            }

            var message = String();
            Dictionary<string, string>? attributes = null;
            for (var count = Long(); count != 0; count = Long())
            {
                if (count < 0)
                {
                    count = -count;
                    Long();
                }

                attributes ??= new Dictionary<string, string>((int)Math.Min(count, body.Length - position));
                for (var i = 0L; i < count; i++)
                {
                    attributes[Name()] = String();
                }
            }

            var raw = new RawOffset(String(ref topic), checked((int)Long()), Long(), checked((int)Long()), Long());
            int? templateId = Branch() == 1 ? checked((int)Long()) : null;
            return new LogEvent(timestamp, source, service, host, SeverityOfSymbol[symbol], message, attributes ?? new Dictionary<string, string>(), raw, templateId, Template(templateId));
        }

        public string String()
        {
            var length = Length();
            var value = Encoding.UTF8.GetString(body.Slice(position, length));
            position += length;
            return value;
        }

        /// <summary>As <see cref="String()"/>, returning <paramref name="last"/>'s string when the bytes are the same as its.</summary>
        private string String(ref Repeated last)
        {
            var length = Length();
            var bytes = body.Slice(position, length);
            if (last.Value is null || length != last.Length || !bytes.SequenceEqual(body.Slice(last.Start, last.Length)))
            {
                last = new Repeated { Start = position, Length = length, Value = Encoding.UTF8.GetString(bytes) };
            }

            position += length;
            return last.Value;
        }

        /// <summary>An attribute name: a batch uses a few (format, lines, repeat, ...), each remembered as <see cref="String(ref Repeated)"/> does.</summary>
        private string Name()
        {
            names ??= new Repeated[RepeatedNames];
            var length = Length();
            var bytes = body.Slice(position, length);
            foreach (var name in names)
            {
                if (name.Value is not null && name.Length == length && bytes.SequenceEqual(body.Slice(name.Start, name.Length)))
                {
                    position += length;
                    return name.Value;
                }
            }

            var value = Encoding.UTF8.GetString(bytes);
            names[nextName] = new Repeated { Start = position, Length = length, Value = value };
            nextName = (nextName + 1) % RepeatedNames;
            position += length;
            return value;
        }

        private int Length()
        {
            var length = Long();
            return length < 0 || length > body.Length - position
                ? throw new InvalidDataException($"string length {length} at byte {position} exceeds the body")
                : (int)length;
        }

        public long Long()
        {
            ulong n = 0;
            for (var shift = 0; shift < 64; shift += 7)
            {
                if (position >= body.Length)
                {
                    throw new InvalidDataException("truncated LogEventBatch body");
                }

                var b = body[position++];
                n |= (ulong)(b & 0x7F) << shift;
                if (b < 0x80)
                {
                    return (long)(n >> 1) ^ -(long)(n & 1);
                }
            }

            throw new InvalidDataException($"variable-length integer longer than 10 bytes at byte {position}");
        }

        private string? Optional() => Branch() == 1 ? String() : null;

        private string? Optional(ref Repeated last) => Branch() == 1 ? String(ref last) : null;

        /// <summary>
        /// The template text, which every line of a template repeats: remembered per template id for the batch (a
        /// batch of a few sources' chunks holds a few hundred templates at most), and still compared by its bytes.
        /// </summary>
        private string? Template(int? templateId)
        {
            if (templateId is not { } id)
            {
                return Optional();
            }

            templates ??= [];
            ref var last = ref CollectionsMarshal.GetValueRefOrAddDefault(templates, id, out _);
            return Optional(ref last);
        }

        private int Branch()
        {
            var branch = Long();
            return branch is 0 or 1 ? (int)branch : throw new InvalidDataException($"union branch {branch} out of range");
        }
    }
}
