using System.Security.Cryptography;
using System.Text;

namespace FaultMaven.Analysis.Anomaly.Streaming;

/// <summary>Deterministic finding ids: the same detector, source, subject and window always give the same id, so a replay updates.</summary>
public static class FindingId
{
    public static string For(string kind, string source, string subject, DateTimeOffset windowStart)
    {
        var identity = $"{kind}\n{source}\n{subject}\n{windowStart.UtcTicks}";
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(identity)))[..32];
    }
}
