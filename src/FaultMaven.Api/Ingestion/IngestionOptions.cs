namespace FaultMaven.Api.Ingestion;

/// <summary>Configuration section <c>FaultMaven:Ingestion</c>: HTTP ways into logs.raw.</summary>
public sealed class IngestionOptions
{
    public const string Section = "FaultMaven:Ingestion";

    /// <summary>Largest accepted request, counted after gzip decompression.</summary>
    public long MaxBodyBytes { get; set; } = 64L * 1024 * 1024;

    /// <summary>Tokens accepted in <c>Authorization: Splunk TOKEN</c> by the HEC endpoints; none means HEC is disabled.</summary>
    public List<string> HecTokens { get; set; } = [];

    public IEnumerable<string> Validate()
    {
        if (MaxBodyBytes is < 1024 or > 4L * 1024 * 1024 * 1024)
        {
            yield return $"{Section}:MaxBodyBytes must be between 1 KiB and 4 GiB (was {MaxBodyBytes})";
        }

        if (HecTokens.Any(t => t.Length < 16))
        {
            yield return $"{Section}:HecTokens entries must be at least 16 characters long";
        }
    }
}
