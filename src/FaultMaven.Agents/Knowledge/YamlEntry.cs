using System.Globalization;
using YamlDotNet.RepresentationModel;

namespace FaultMaven.Agents.Knowledge;

/// <summary>A YAML mapping read field by field, so that every problem is reported at the line that causes it.</summary>
internal sealed class YamlEntry(YamlMappingNode node, string file)
{
    public SourceLocation Location => At(node);

    public static YamlEntry Of(YamlNode node, string file, string what) => node is YamlMappingNode mapping
        ? new YamlEntry(mapping, file)
        : throw new KnowledgeBaseException(new SourceLocation(file, node.Start.Line), $"{what} must be a mapping of keys to values");

    public void RejectUnknownKeys(params string[] known)
    {
        foreach (var key in node.Children.Keys)
        {
            var name = ((YamlScalarNode)key).Value;
            if (!known.Contains(name))
            {
                throw new KnowledgeBaseException(At(key), $"unknown key '{name}' (expected one of: {string.Join(", ", known)})");
            }
        }
    }

    /// <summary>
    /// A scalar's text: quoted, exactly as written (quotes are how YAML keeps the spaces a regex such as PostgreSQL's
    /// <c>'ERROR:  '</c> or HAProxy's <c>' SH-- '</c> depends on); plain, trimmed.
    /// </summary>
    private static string? Text(YamlScalarNode scalar) =>
        scalar.Style is YamlDotNet.Core.ScalarStyle.SingleQuoted or YamlDotNet.Core.ScalarStyle.DoubleQuoted ? scalar.Value : scalar.Value?.Trim();

    public string RequiredString(string key) =>
        OptionalString(key) is { Length: > 0 } value ? value : throw Fail(key, $"'{key}' is required and must not be empty");

    public string? OptionalString(string key) => Value(key) switch
    {
        null => null,
        YamlScalarNode scalar => Text(scalar),
        var other => throw new KnowledgeBaseException(At(other), $"'{key}' must be a single value"),
    };

    public double OptionalNumber(string key, double fallback) => OptionalString(key) switch
    {
        null => fallback,
        var text when double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) => number,
        var text => throw Fail(key, $"'{key}' must be a number (was '{text}')"),
    };

    /// <summary>A list of plain values, each with where it was written.</summary>
    public IReadOnlyList<(string Value, SourceLocation Location)> Strings(string key) => Sequence(key)
        .Select(item => item is YamlScalarNode { Value: not null } scalar
            ? (Text(scalar)!, At(item))
            : throw new KnowledgeBaseException(At(item), $"each item of '{key}' must be a single value"))
        .ToList();

    public IReadOnlyList<YamlEntry> Entries(string key) => Sequence(key).Select(item => Of(item, file, $"each item of '{key}'")).ToList();

    public IReadOnlyList<(string Key, string Value, SourceLocation Location)> Pairs(string key) => Value(key) switch
    {
        null => [],
        YamlMappingNode mapping => mapping.Children
            .Select(pair => pair.Value is YamlScalarNode { Value: { } text }
                ? (((YamlScalarNode)pair.Key).Value ?? "", text, At(pair.Value))
                : throw new KnowledgeBaseException(At(pair.Value), $"each value of '{key}' must be a single value"))
            .ToList(),
        var other => throw new KnowledgeBaseException(At(other), $"'{key}' must be a mapping of names to values"),
    };

    public YamlEntry? OptionalEntry(string key) => Value(key) is { } value ? Of(value, file, $"'{key}'") : null;

    public SourceLocation LocationOf(string key) => Value(key) is { } value ? At(value) : Location;

    public KnowledgeBaseException Fail(string key, string problem) => new(LocationOf(key), problem);

    private IEnumerable<YamlNode> Sequence(string key) => Value(key) switch
    {
        null => [],
        YamlSequenceNode sequence => sequence.Children,
        var other => throw new KnowledgeBaseException(At(other), $"'{key}' must be a list"),
    };

    private YamlNode? Value(string key) => node.Children.TryGetValue(new YamlScalarNode(key), out var value) ? value : null;

    private SourceLocation At(YamlNode yaml) => new(file, yaml.Start.Line);
}
