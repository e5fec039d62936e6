using FaultMaven.Contracts;

namespace FaultMaven.Analysis.Anomaly.Streaming;

/// <summary>An incremental detector fed one event at a time; time moves only by event timestamps or <see cref="AdvanceTo"/>.</summary>
public interface IStreamingDetector
{
    /// <summary>Feeds one event and returns what it revealed, including findings of windows its timestamp closed.</summary>
    IReadOnlyList<Finding> Observe(TemplatedEvent templated);

    /// <summary>Moves the detector's clock without an event (the caller reads its TimeProvider), so quiet periods close windows too.</summary>
    IReadOnlyList<Finding> AdvanceTo(DateTimeOffset now);
}
