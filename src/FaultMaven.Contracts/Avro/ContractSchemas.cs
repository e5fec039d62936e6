using System.Reflection;
using Avro;

namespace FaultMaven.Contracts.Avro;

/// <summary>The Avro schemas of schemas/*.avsc, embedded in this assembly: the source of truth for topic payloads.</summary>
public static class ContractSchemas
{
    public static RecordSchema LogEvent { get; } = Load("LogEvent");

    public static RecordSchema Finding { get; } = Load("Finding");

    public static RecordSchema DeadLetter { get; } = Load("DeadLetter");

    /// <summary>The batch schema with its reference to <c>faultmaven.LogEvent</c> replaced by LogEvent.avsc, so the schema is self-contained.</summary>
    public static RecordSchema LogEventBatch { get; } = Load("LogEventBatch", ("\"faultmaven.LogEvent\"", Text("LogEvent")));

    public static IReadOnlyList<RecordSchema> All { get; } = [LogEvent, LogEventBatch, Finding, DeadLetter];

    private static RecordSchema Load(string name, params (string Reference, string Definition)[] references)
    {
        var json = Text(name);
        foreach (var (reference, definition) in references)
        {
            json = json.Replace(reference, definition, StringComparison.Ordinal);
        }

        return (RecordSchema)Schema.Parse(json);
    }

    private static string Text(string name)
    {
        var assembly = typeof(ContractSchemas).Assembly;
        var resource = assembly.GetManifestResourceNames().Single(n => n.EndsWith($".{name}.avsc", StringComparison.Ordinal));
        using var stream = assembly.GetManifestResourceStream(resource)!;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
