using System.Text.Json;
using Dapper;
using FaultMaven.Contracts;

namespace FaultMaven.Storage;

/// <summary>How contract values are stored in columns: severities as lowercase names, lists and maps as jsonb.</summary>
internal static class Columns
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private static readonly Severity[] Severities = Enum.GetValues<Severity>();

    public static string SeverityName(Severity severity) => SeverityNames.Of(severity);

    public static Severity ParseSeverity(string column) => Enum.Parse<Severity>(column, ignoreCase: true);

    /// <summary>The column values of <paramref name="minimum"/> and every more serious severity.</summary>
    public static string[] SeveritiesFrom(Severity minimum) =>
        Severities.Where(severity => severity >= minimum).Select(SeverityName).ToArray();

    public static string ToJson<T>(T value) => JsonSerializer.Serialize(value, Json);

    /// <summary><see cref="ToJson{T}"/>'s text as UTF-8 bytes, made without the string.</summary>
    public static byte[] ToUtf8Json<T>(T value) => JsonSerializer.SerializeToUtf8Bytes(value, Json);

    public static T FromJson<T>(string column) =>
        JsonSerializer.Deserialize<T>(column, Json) ?? throw new InvalidDataException($"null where {typeof(T).Name} JSON was expected");

    public static DateTimeOffset Utc(DateTime column) => new(DateTime.SpecifyKind(column, DateTimeKind.Utc));

    /// <summary>A batch's column arrays for <c>unnest</c>, plus its raw offsets as <c>@rawTopic</c>, <c>@rawPartition</c>, <c>@rawOffset</c>, <c>@rawIndex</c>, <c>@rawFingerprint</c>.</summary>
    public static DynamicParameters WithRawOffsetArrays(object columns, IEnumerable<RawOffset> offsets)
    {
        var all = offsets.ToArray();
        var parameters = new DynamicParameters(columns);
        parameters.AddDynamicParams(new
        {
            rawTopic = all.Select(raw => raw.Topic).ToArray(),
            rawPartition = all.Select(raw => raw.Partition).ToArray(),
            rawOffset = all.Select(raw => raw.Offset).ToArray(),
            rawIndex = all.Select(raw => raw.Index).ToArray(),
            rawFingerprint = all.Select(raw => raw.Fingerprint).ToArray(),
        });
        return parameters;
    }
}
