namespace FaultMaven.Integrations;

/// <summary>
/// A monitoring system could not be asked: it is not configured (<see cref="NotConfigured"/>, naming the key to set),
/// or its server refused, failed or answered something unreadable (the message says which and quotes it).
/// </summary>
public sealed class IntegrationException(string integration, string message, bool notConfigured = false, Exception? inner = null)
    : Exception(message, inner)
{
    /// <summary>The integration's name, e.g. <c>Prometheus</c>.</summary>
    public string Integration { get; } = integration;

    public bool NotConfigured { get; } = notConfigured;
}
