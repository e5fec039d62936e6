using System.Text.RegularExpressions;
using FaultMaven.Analysis.Headers;
using FaultMaven.Analysis.Normalization;
using FaultMaven.Analysis.Templates;
using FaultMaven.Contracts;

namespace FaultMaven.Analysis.Anomaly.Sessions;

/// <summary>Every session of a log, scored by a model trained on that same log.</summary>
public sealed record SessionDetectionResult(SessionAnomalyModel Model, int TemplateCount, IReadOnlyList<SessionScore> Scores)
{
    /// <summary>The anomalous sessions, strangest first.</summary>
    public IEnumerable<SessionScore> Anomalies => Scores.Where(score => score.IsAnomalous).OrderByDescending(score => score.Score).ThenBy(score => score.Key, StringComparer.Ordinal);
}

/// <summary>Label-free session anomaly detection over raw log lines: mine templates, group lines into sessions by an
/// identifier pattern, train a <see cref="SessionAnomalyModel"/> on those sessions and score each of them.</summary>
public static class SessionDetection
{
    private const string LevelField = "Level";

    /// <param name="source">Names the input in the events' raw offsets (line number = offset).</param>
    /// <remarks>Timestamps are not parsed from headers here: sessions are judged by their template counts alone.</remarks>
    public static SessionDetectionResult Detect(
        IReadOnlyList<string> lines,
        HeaderFormat header,
        Regex sessionIdPattern,
        string source,
        SessionModelOptions? options = null)
    {
        var mined = LogMining.Mine(lines, header);
        var grouper = new SessionGrouper(sessionIdPattern);
        for (var index = 0; index < lines.Count; index++)
        {
            var template = mined.TemplateOfLine(index);
            grouper.Add(new TemplatedEvent(ToEvent(lines[index], index, header, source), template.Id, template.Text));
        }

        var sessions = grouper.Build();
        if (sessions.Count == 0)
        {
            throw new InvalidOperationException($"no line contains a session id matching {sessionIdPattern}");
        }

        var model = SessionAnomalyModel.Train(sessions, options);
        return new SessionDetectionResult(model, mined.Miner.Templates.Count, [.. sessions.Select(model.Score)]);
    }

    private static LogEvent ToEvent(string line, int index, HeaderFormat header, string source)
    {
        var fields = header.FieldsOf(line);
        var level = fields is not null && fields.TryGetValue(LevelField, out var levelText) ? SeverityParser.Parse(levelText) : Severity.Unknown;
        var message = fields?[HeaderFormat.ContentField] ?? line.Trim();
        return new LogEvent(DateTimeOffset.UnixEpoch, source, null, null, level, message, fields ?? new Dictionary<string, string>(), new RawOffset(source, 0, index));
    }
}
