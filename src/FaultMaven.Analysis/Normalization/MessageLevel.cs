using System.Text.RegularExpressions;
using FaultMaven.Contracts;

namespace FaultMaven.Analysis.Normalization;

/// <summary>The level a message states by itself when its format gave none (journald, syslog files, plain text).</summary>
internal static partial class MessageLevel
{
    /// <summary>
    /// A crash report's start (<see cref="MultiLineRules.CrashLevel"/>), or a systemd unit whose process ended with a
    /// non-zero status or a signal (<c>code=exited, status=255/EXCEPTION</c>, <c>code=killed, status=9/KILL</c>): an error.
    /// </summary>
    public static Severity Of(string message)
    {
        var crash = MultiLineRules.CrashLevel(message);
        if (crash != Severity.Unknown)
        {
            return crash;
        }

        return message.Contains("status=", StringComparison.Ordinal) && UnitFailure().Match(message) is { Success: true } failure
            && failure.Groups["status"].ValueSpan is not "0"
            ? Severity.Error
            : Severity.Unknown;
    }

    [GeneratedRegex(@"code=(?:exited|killed|dumped), status=(?<status>\d+)/[A-Z]+", RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture)]
    private static partial Regex UnitFailure();
}
