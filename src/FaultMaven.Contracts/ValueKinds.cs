namespace FaultMaven.Contracts;

/// <summary>
/// The kind of value a parameter or setting takes, in the words the API, <c>fm</c> and the services' start-up give a
/// user who sent another: the API and <c>fm</c> bind the same list filters (the paged lists' limit and time range, an
/// id), configuration binds settings, and their binders name only the .NET type (ASP.NET Core <c>Nullable&lt;int&gt;</c>,
/// Spectre.Console.Cli and Microsoft.Extensions.Configuration <c>Int32</c>).
/// </summary>
public static class ValueKinds
{
    private const string NullablePrefix = "Nullable<";

    /// <summary>
    /// "a whole number", "a date and time (…)" and so on for a C# keyword or a CLR type name, a nullable one included;
    /// null for a type without a wording here, which the caller words itself.
    /// </summary>
    public static string? Of(string typeName) =>
        typeName.StartsWith(NullablePrefix, StringComparison.Ordinal) && typeName.EndsWith('>')
            ? Of(typeName[NullablePrefix.Length..^1])
            : typeName switch
            {
                "int" or "long" or "short" or "Int32" or "Int64" or "Int16" => "a whole number",
                "double" or "float" or "decimal" or "Double" or "Single" or "Decimal" => "a number",
                "bool" or "Boolean" => "true or false",
                "DateTimeOffset" or "DateTime" => "a date and time (ISO 8601, e.g. 2026-12-01T10:00:00Z)",
                "TimeSpan" => "a duration (e.g. 00:05:00)",
                "Guid" => "an id (a GUID)",
                _ => null,
            };
}
