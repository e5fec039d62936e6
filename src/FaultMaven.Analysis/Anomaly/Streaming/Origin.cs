namespace FaultMaven.Analysis.Anomaly.Streaming;

/// <summary>Where events come from: the log source and, when known, the service inside it.</summary>
internal readonly record struct Origin(string Source, string? Service)
{
    public static Origin Of(TemplatedEvent templated) => new(templated.Event.Source, templated.Event.Service);

    public override string ToString() => Service is null ? Source : $"{Service} ({Source})";
}
