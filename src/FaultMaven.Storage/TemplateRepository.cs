using FaultMaven.Contracts;
using Npgsql;

namespace FaultMaven.Storage;

/// <summary>A mined template of one source, with how many stored lines it covers.</summary>
public sealed record StoredTemplate(string Source, int Id, string Template, DateTimeOffset FirstSeen, DateTimeOffset LastSeen, long Count);

/// <summary>Filters for <see cref="TemplateRepository.ListAsync"/>; the time range bounds the template's last occurrence.</summary>
public sealed record TemplateQuery : PagedQuery
{
    public string? Source { get; init; }

    /// <summary>The caller's sources; rows of hidden ones are left out.</summary>
    public SourceScope Scope { get; init; } = SourceScope.Everything;
}

/// <summary>The templates the worker mined, as <see cref="LogRepository.InsertAsync"/> keeps them up to date.</summary>
public sealed class TemplateRepository(NpgsqlDataSource dataSource)
{
    private const string SelectSql = """
        SELECT source AS Source, id::int AS Id, template AS Template, first_seen AS FirstSeen, last_seen AS LastSeen, count AS Count
        FROM log_templates
        """;

    public Task<Page<StoredTemplate>> ListAsync(TemplateQuery query, CancellationToken cancellationToken = default) =>
        new KeysetQuery<string>("last_seen", "source || ':' || id")
            .WhereEqual("source", query.Source)
            .WhereVisible("source", query.Scope)
            .ReadPageAsync(
                dataSource, SelectSql, query, (TemplateRow row) => row.ToTemplate(),
                template => (template.LastSeen, $"{template.Source}:{template.Id}"), cancellationToken);

    private sealed record TemplateRow(string Source, int Id, string Template, DateTime FirstSeen, DateTime LastSeen, long Count)
    {
        public StoredTemplate ToTemplate() => new(Source, Id, Template, Columns.Utc(FirstSeen), Columns.Utc(LastSeen), Count);
    }
}
