using System.Text.RegularExpressions;
using FaultMaven.Analysis.Headers;
using FaultMaven.Analysis.Normalization;
using FaultMaven.Analysis.Templates;
using FaultMaven.Contracts;

namespace FaultMaven.Analysis.Anomaly.Sessions;

/// <summary>Every session of a log, scored by a model trained on that same log.</summary>
/// <param name="Lines">The log's lines, each in one session or more, or in none (<paramref name="LinesWithoutSession"/>).</param>
/// <param name="LinesWithoutSession">Lines that name no session id, so no session counts them.</param>
public sealed record SessionDetectionResult(SessionAnomalyModel Model, int TemplateCount, IReadOnlyList<SessionScore> Scores, int Lines, int LinesWithoutSession)
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
        var withoutSession = 0;
        for (var index = 0; index < lines.Count; index++)
        {
            var template = mined.TemplateOfLine(index);
            if (!grouper.Add(new TemplatedEvent(ToEvent(lines[index], index, header, source), template.Id, template.Text)))
            {
                withoutSession++;
            }
        }

        var sessions = grouper.Build();
        if (sessions.Count == 0)
        {
            throw new InvalidOperationException($"no line contains a session id matching {sessionIdPattern} ({lines.Count:N0} lines read)");
        }

        var model = SessionAnomalyModel.Train(sessions, options);
        return new SessionDetectionResult(model, mined.Miner.Templates.Count, [.. sessions.Select(model.Score)], lines.Count, withoutSession);
    }

    private static LogEvent ToEvent(string line, int index, HeaderFormat header, string source)
    {
        var fields = header.FieldsOf(line);
        var level = fields is not null && fields.TryGetValue(LevelField, out var levelText) ? SeverityParser.Parse(levelText) : Severity.Unknown;
        var message = fields?[HeaderFormat.ContentField] ?? line.Trim();
        return new LogEvent(DateTimeOffset.UnixEpoch, source, null, null, level, message, fields ?? new Dictionary<string, string>(), new RawOffset(source, 0, index));
    }
}
