using System.Collections.Concurrent;
using System.IO.Compression;
using System.Net;
using Google.Protobuf;

namespace FaultMaven.EndToEnd.Tests;

/// <summary>One span as an OTLP exporter sent it: the service (resource <c>service.name</c>), the instrumentation scope
/// (the ActivitySource), its name, and its trace, span and parent ids as lower-case hex.</summary>
public sealed record ReceivedSpan(string Service, string Scope, string Name, string TraceId, string SpanId, string ParentSpanId);

/// <summary>One log record as an OTLP exporter sent it: the service, its body (the rendered message) and its trace and span ids as lower-case hex.</summary>
public sealed record ReceivedLog(string Service, string Body, string TraceId, string SpanId);

/// <summary>
/// A stand-in for an OpenTelemetry Collector (which cannot be installed here): an HTTP listener on a free loopback port
/// that accepts OTLP/HTTP protobuf trace exports on <c>/v1/traces</c> (ExportTraceServiceRequest, opentelemetry-proto
/// trace/v1) and log exports on <c>/v1/logs</c> (ExportLogsServiceRequest, logs/v1), and keeps the spans and log records. It reads the wire format field by field with Google.Protobuf's CodedInputStream, only
/// the fields above; everything else is skipped.
/// </summary>
public sealed class OtlpTraceReceiver : IDisposable
{
    private readonly HttpListener listener = new();
    private readonly ConcurrentQueue<ReceivedSpan> spans = new();
    private readonly ConcurrentQueue<ReceivedLog> logs = new();
    private readonly Task serving;

    public OtlpTraceReceiver()
    {
        Port = FaultMaven.Testing.Processes.ServiceProcess.FreePort();
        listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
        listener.Start();
        serving = Task.Run(Serve);
    }

    public int Port { get; }

    /// <summary>The endpoint for <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> (the exporter appends <c>/v1/traces</c>).</summary>
    public string Endpoint => $"http://127.0.0.1:{Port}";

    public IReadOnlyList<ReceivedSpan> Spans => spans.ToArray();

    public IReadOnlyList<ReceivedLog> Logs => logs.ToArray();

    public void Dispose()
    {
        listener.Stop();
        listener.Close();
        serving.Wait(TimeSpan.FromSeconds(5));
    }

    private async Task Serve()
    {
        while (listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            using var response = context.Response;
            var path = context.Request.Url?.AbsolutePath;
            if (path is not ("/v1/traces" or "/v1/logs"))
            {
                response.StatusCode = 404;
                continue;
            }

            using var body = new MemoryStream();
            var input = context.Request.Headers["Content-Encoding"] == "gzip" ? new GZipStream(context.Request.InputStream, CompressionMode.Decompress) : context.Request.InputStream;
            await input.CopyToAsync(body);
            if (path == "/v1/logs")
            {
                foreach (var log in ReadResources(body.ToArray(), ReadScopeLogs))
                {
                    logs.Enqueue(log);
                }
            }
            else
            {
                foreach (var span in ReadResources(body.ToArray(), ReadScopeSpans))
                {
                    spans.Enqueue(span);
                }
            }

            response.StatusCode = 200;
            response.ContentType = "application/x-protobuf";
        }
    }

    // ExportTraceServiceRequest { repeated ResourceSpans resource_spans = 1; } ExportLogsServiceRequest { repeated ResourceLogs resource_logs = 1; }
    // ResourceSpans { Resource resource = 1; repeated ScopeSpans scope_spans = 2; } ResourceLogs { Resource resource = 1; repeated ScopeLogs scope_logs = 2; }
    private static List<T> ReadResources<T>(byte[] message, Func<string, byte[], IEnumerable<T>> readScope) =>
        Fields(message).Where(f => f.Number == 1).SelectMany(resource =>
        {
            var fields = Fields(resource.Bytes).ToList();
            var service = fields.Where(f => f.Number == 1).Select(f => ServiceName(f.Bytes)).FirstOrDefault(name => name is not null) ?? "";
            return fields.Where(f => f.Number == 2).SelectMany(f => readScope(service, f.Bytes));
        }).ToList();

    // Resource { repeated KeyValue attributes = 1; } KeyValue { string key = 1; AnyValue value = 2; } AnyValue { string string_value = 1; }
    private static string? ServiceName(byte[] resource) =>
        Fields(resource).Where(f => f.Number == 1)
            .Select(f => Fields(f.Bytes).ToList())
            .Where(kv => kv.Any(f => f.Number == 1 && f.Text == "service.name"))
            .Select(kv => kv.Where(f => f.Number == 2).Select(f => Fields(f.Bytes).FirstOrDefault(v => v.Number == 1)?.Text).FirstOrDefault())
            .FirstOrDefault();

    // ScopeSpans { InstrumentationScope scope = 1; repeated Span spans = 2; } InstrumentationScope { string name = 1; }
    private static IEnumerable<ReceivedSpan> ReadScopeSpans(string service, byte[] message)
    {
        var fields = Fields(message).ToList();
        var scope = fields.Where(f => f.Number == 1).Select(f => Fields(f.Bytes).FirstOrDefault(s => s.Number == 1)?.Text).FirstOrDefault() ?? "";
        return fields.Where(f => f.Number == 2).Select(f => ReadSpan(service, scope, f.Bytes));
    }

    // Span { bytes trace_id = 1; bytes span_id = 2; bytes parent_span_id = 4; string name = 5; }
    private static ReceivedSpan ReadSpan(string service, string scope, byte[] message)
    {
        var fields = Fields(message).ToList();
        string Hex(int number) => fields.FirstOrDefault(f => f.Number == number) is { } field ? Convert.ToHexStringLower(field.Bytes) : "";
        return new ReceivedSpan(service, scope, fields.FirstOrDefault(f => f.Number == 5)?.Text ?? "", Hex(1), Hex(2), Hex(4));
    }

    // ScopeLogs { InstrumentationScope scope = 1; repeated LogRecord log_records = 2; }
    // LogRecord { AnyValue body = 5; bytes trace_id = 9; bytes span_id = 10; } AnyValue { string string_value = 1; }
    private static IEnumerable<ReceivedLog> ReadScopeLogs(string service, byte[] message) =>
        Fields(message).Where(f => f.Number == 2).Select(record =>
        {
            var fields = Fields(record.Bytes).ToList();
            string Hex(int number) => fields.FirstOrDefault(f => f.Number == number) is { } field ? Convert.ToHexStringLower(field.Bytes) : "";
            var body = fields.Where(f => f.Number == 5).Select(f => Fields(f.Bytes).FirstOrDefault(v => v.Number == 1)?.Text).FirstOrDefault() ?? "";
            return new ReceivedLog(service, body, Hex(9), Hex(10));
        });

    private sealed record Field(int Number, byte[] Bytes)
    {
        public string Text => System.Text.Encoding.UTF8.GetString(Bytes);
    }

    /// <summary>The length-delimited fields of one message; varint and fixed fields are skipped.</summary>
    private static IEnumerable<Field> Fields(byte[] message)
    {
        var input = new CodedInputStream(message);
        var found = new List<Field>();
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            if (WireFormat.GetTagWireType(tag) == WireFormat.WireType.LengthDelimited)
            {
                found.Add(new Field(WireFormat.GetTagFieldNumber(tag), input.ReadBytes().ToByteArray()));
            }
            else
            {
                input.SkipLastField();
            }
        }

        return found;
    }
}
