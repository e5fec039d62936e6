namespace FaultMaven.Api.Endpoints;

/// <summary>One page of a list endpoint; the stored rows' shapes (<c>LogResponse</c>, <c>FindingResponse</c>) live in FaultMaven.Storage, which <c>fm</c> prints too.</summary>
public sealed record PageResponse<T>(IReadOnlyList<T> Items, string? NextCursor);
