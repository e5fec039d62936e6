using Dapper;

namespace FaultMaven.Storage;

/// <summary>
/// Which sources a caller may read or change: every source except <see cref="Hidden"/> (those owned by another team).
/// Incidents, findings, logs, templates and feedback follow their source, so repositories apply it in SQL
/// (<c>source &lt;&gt; ALL(@hiddenSources)</c>) rather than after reading.
/// </summary>
/// <param name="Hidden">Source names the caller may not see; empty when the caller sees everything.</param>
public sealed record SourceScope(IReadOnlySet<string> Hidden)
{
    /// <summary>No restriction: admins, services, and every caller when team scoping is off.</summary>
    public static SourceScope Everything { get; } = new(new HashSet<string>());

    public bool IsRestricted => Hidden.Count > 0;

    /// <summary>Whether a row of <paramref name="source"/> is visible; a row without a source belongs to no team.</summary>
    public bool Allows(string? source) => source is null || !Hidden.Contains(source);

    /// <summary>The SQL condition on <paramref name="column"/> and its parameter, or null when nothing is hidden.</summary>
    internal (string Condition, object Parameters)? Sql(string column) =>
        IsRestricted ? ($"COALESCE({column}, '') <> ALL(@hiddenSources)", new { hiddenSources = Hidden.ToArray() }) : null;

    /// <summary>A WHERE clause of <paramref name="condition"/> and, when restricted, the visibility of <paramref name="column"/>.</summary>
    internal (string Where, DynamicParameters Parameters) Where(string condition, object parameters, string column = "source")
    {
        var all = new DynamicParameters(parameters);
        if (Sql(column) is not (string visible, object scopeParameters))
        {
            return ($"WHERE {condition}", all);
        }

        all.AddDynamicParams(scopeParameters);
        return ($"WHERE {condition} AND {visible}", all);
    }
}
