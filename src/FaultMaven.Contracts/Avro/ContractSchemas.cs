using System.Reflection;
using Avro;

namespace FaultMaven.Contracts.Avro;

/// <summary>The Avro schemas of schemas/*.avsc, embedded in this assembly: the source of truth for topic payloads.</summary>
public static class ContractSchemas
{
    public static RecordSchema LogEvent { get; } = Load("LogEvent");

    public static RecordSchema Finding { get; } = Load("Finding");

    public static RecordSchema DeadLetter { get; } = Load("DeadLetter");

    public static IReadOnlyList<RecordSchema> All { get; } = [LogEvent, Finding, DeadLetter];

    private static RecordSchema Load(string name)
    {
        var assembly = typeof(ContractSchemas).Assembly;
        var resource = assembly.GetManifestResourceNames().Single(n => n.EndsWith($".{name}.avsc", StringComparison.Ordinal));
        using var stream = assembly.GetManifestResourceStream(resource)!;
        using var reader = new StreamReader(stream);
        return (RecordSchema)Schema.Parse(reader.ReadToEnd());
    }
}
