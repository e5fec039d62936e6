using System.Buffers;
using System.Text.RegularExpressions;
using FaultMaven.Contracts;

namespace FaultMaven.Analysis.Anomaly.Streaming;

/// <summary>Options of <see cref="AuthFailureBurstDetector"/>.</summary>
/// <param name="Window">Length of the fixed windows (aligned to multiples of it since the epoch) failures are counted in.</param>
/// <param name="Threshold">Failed authentications from one client address within one window that make a burst.</param>
public sealed record AuthFailureBurstOptions(TimeSpan Window, int Threshold = 10);

/// <summary>
/// Brute force and credential stuffing: many failed authentications from one client address in a short time, whatever
/// the level of the lines (sshd, PostgreSQL, MySQL, web servers write them as INFO or without a level). One finding
/// per source, address and window, raised when the count reaches the threshold; later failures in the window add nothing.
/// </summary>
public sealed partial class AuthFailureBurstDetector(AuthFailureBurstOptions options) : IDraftingDetector
{
    public const string Kind = "auth-failure-burst";

    /// <summary>Words every recognized failure contains one of; a line without any skips the expressions.</summary>
    private static readonly SearchValues<string> Hints = SearchValues.Create(["fail", "invalid user", "denied", "unauthorized"], StringComparison.OrdinalIgnoreCase);

    private readonly Dictionary<(string Source, string Address), Tally> tallies = [];

    public IReadOnlyList<Finding> Observe(TemplatedEvent templated) => FindingDrafts.BuildLive(Draft(templated));

    public IReadOnlyList<FindingDraft> Draft(TemplatedEvent templated)
    {
        var logEvent = templated.Event;
        var message = logEvent.Message;
        if (message.AsSpan().IndexOfAny(Hints) < 0 || !AuthFailure().IsMatch(message) || ClientAddress().Match(message) is not { Success: true } address)
        {
            return [];
        }

        var windowStart = new DateTimeOffset(logEvent.Timestamp.UtcTicks - (logEvent.Timestamp.UtcTicks % options.Window.Ticks), TimeSpan.Zero);
        var key = (logEvent.Source, address.Groups["address"].Value);
        if (!tallies.TryGetValue(key, out var tally) || tally.WindowStart != windowStart)
        {
            tally = new Tally(windowStart);
            tallies[key] = tally;
        }

        tally.Count++;
        if (tally.Examples.Count < 3)
        {
            tally.Examples.Add(message);
            tally.Evidence.Add(logEvent.Raw);
        }

        if (tally.Count != options.Threshold)
        {
            return [];
        }

        var finding = new Finding(
            FindingId.For(Kind, logEvent.Source, key.Item2, windowStart),
            Kind,
            Severity.Warn,
            logEvent.Source,
            logEvent.Service,
            windowStart,
            windowStart + options.Window,
            $"{options.Threshold}+ failed logins from {key.Item2} within {options.Window.TotalMinutes:0.#} min",
            tally.Count,
            null,
            tally.Count,
            $"{Kind}/1",
            [],
            [.. tally.Examples],
            [.. tally.Evidence]);
        return [Drafted(finding, templated)];
    }

    /// <remarks>Apart from <see cref="Draft"/>, so that its closure is allocated only for a finding.</remarks>
    private static FindingDraft Drafted(Finding finding, TemplatedEvent templated) =>
        templateText => finding with { Templates = [templateText?.Invoke(templated.TemplateId) ?? templated.Template] };

    /// <summary>Forgets windows that ended, so the tallies hold only the addresses active in the current window.</summary>
    public IReadOnlyList<Finding> AdvanceTo(DateTimeOffset now) => FindingDrafts.BuildLive(DraftUntil(now));

    public IReadOnlyList<FindingDraft> DraftUntil(DateTimeOffset now)
    {
        foreach (var key in tallies.Where(pair => pair.Value.WindowStart + options.Window <= now).Select(pair => pair.Key).ToList())
        {
            tallies.Remove(key);
        }

        return [];
    }

    [GeneratedRegex(@"failed password|authentication fail(?:ure|ed)|invalid user|login fail(?:ure|ed)|failed login|access denied for user|unauthorized", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex AuthFailure();

    /// <summary>The client: an IPv4 or IPv6 address after <c>from</c>, <c>rhost=</c>, <c>client</c> or <c>host</c>, else the first IPv4 address.</summary>
    [GeneratedRegex(@"(?:(?:from|rhost=|client:?|host[:=]?)\s*'?\[?(?<address>\d{1,3}(?:\.\d{1,3}){3}|[0-9a-f]*:[0-9a-f:]+)|(?<address>\b\d{1,3}(?:\.\d{1,3}){3}\b))", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex ClientAddress();

    private sealed class Tally(DateTimeOffset windowStart)
    {
        public DateTimeOffset WindowStart { get; } = windowStart;

        public long Count { get; set; }

        public List<string> Examples { get; } = [];

        public List<RawOffset> Evidence { get; } = [];
    }
}
