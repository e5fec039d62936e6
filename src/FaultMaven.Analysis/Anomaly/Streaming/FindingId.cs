using System.Security.Cryptography;
using System.Text;

namespace FaultMaven.Analysis.Anomaly.Streaming;

/// <summary>Deterministic finding ids: the same detector, source, subject and window always give the same id, so a replay updates.</summary>
public static class FindingId
{
    public static string For(string kind, string source, string subject, DateTimeOffset windowStart) =>
        Of($"{kind}\n{source}\n{subject}\n{windowStart.UtcTicks}");

    /// <summary>
    /// The id of a finding a source has once per subject, whenever it happens (a message never seen before): a later
    /// occurrence, a replay or a restart that forgot what was reported gives the same id, so the finding is stored once.
    /// </summary>
    public static string For(string kind, string source, string subject) => Of($"{kind}\n{source}\n{subject}");

    private static string Of(string identity) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(identity)))[..32];
}
