namespace FaultMaven.Storage.Audit;

/// <summary>One event to audit: who did what to which target, and whether it succeeded.</summary>
/// <param name="Actor">A user, client id or <c>system:&lt;component&gt;</c>.</param>
/// <param name="Action">A dotted verb, e.g. <c>schema.migrate</c>, <c>keys.rotate</c>.</param>
/// <param name="Outcome">E.g. <c>success</c>, <c>failure</c>, <c>denied</c>.</param>
public sealed record AuditEntry(string Actor, string Action, string Target, string Outcome)
{
    public string? SourceAddress { get; init; }

    public IReadOnlyDictionary<string, string> Details { get; init; } = new Dictionary<string, string>();
}

/// <summary>A stored audit entry: its position in the chain, when it was appended, and its link hashes.</summary>
public sealed record AuditRecord(long Id, DateTimeOffset At, AuditEntry Entry, byte[] PreviousHash, byte[] Hash);

/// <summary>Filters for <see cref="AuditLog.ListAsync"/>; the time range bounds <see cref="AuditRecord.At"/>.</summary>
public sealed record AuditQuery : PagedQuery
{
    public string? Actor { get; init; }

    public string? Action { get; init; }
}

public enum AuditBreakKind
{
    /// <summary>A row's content no longer matches its hash.</summary>
    Edited,

    /// <summary>Rows are missing: a gap in the ids, a link to a row that no longer exists, or rows cut off the end.</summary>
    Deleted,

    /// <summary>A row links to an existing row other than the one before it.</summary>
    Reordered,

    /// <summary>
    /// The chain is consistent, but a hash recorded outside the database is in none of its rows: history was rewritten
    /// and every later hash and the head recomputed (what the table's owner can do), or the chain was cut before it.
    /// </summary>
    Rewritten,
}

/// <summary>The first row where the chain breaks, and why.</summary>
public sealed record AuditBreak(long RowId, AuditBreakKind Kind, string Reason);

/// <summary>The result of <see cref="AuditLog.VerifyAsync"/>: how many rows were checked and the first break, if any.</summary>
public sealed record AuditVerification(long RowsChecked, AuditBreak? FirstBreak)
{
    public bool IsIntact => FirstBreak is null;
}
