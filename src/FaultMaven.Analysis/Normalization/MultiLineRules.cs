using System.Buffers;
using System.Text.RegularExpressions;
using FaultMaven.Contracts;

namespace FaultMaven.Analysis.Normalization;

/// <summary>Which lines continue the event before them: stack frames and exception chains of Java, .NET, Python, Go and
/// Node, indented lines, and the closing brackets of an object or list the event printed.</summary>
internal static partial class MultiLineRules
{
    /// <summary>The words of which every <see cref="ExceptionHeader"/> match holds one, in its case.</summary>
    private static readonly SearchValues<string> ExceptionWords = SearchValues.Create(["Exception", "Error", "Throwable", "Exit", "Interrupt", "Fault"], StringComparison.Ordinal);

    /// <summary>Formats whose events never span lines, so they are emitted at once instead of waiting for a possible continuation.</summary>
    public static bool CanBeContinued(LogFormat format) =>
        format is not (LogFormat.Json or LogFormat.Csv or LogFormat.Logfmt or LogFormat.AccessLog or LogFormat.KubectlEvents or LogFormat.TextTable);

    /// <summary>Whether <paramref name="text"/> (a raw line, or the message of a syslog line) continues <paramref name="pending"/>.</summary>
    public static bool Continues(string text, PendingEvent pending)
    {
        if (text.Length == 0)
        {
            return false;
        }

        if (pending.InsidePrivateKey || IsIndentedOrStackLine(text))
        {
            return true;
        }

        // A printed object's closing "}" sits at the margin like a new line would, but closes what the event opened.
        if (IsClosingBrackets(text))
        {
            return OpenBrackets(pending.Event.Message) > 0;
        }

        // "Error: disk full" alone is an event; after a stack trace began, or under an error, or fully qualified, it names the exception.
        return ExceptionNamed(text) is { } exception
            && (pending.Lines > 1 || pending.Event.Level >= Severity.Error || exception.Groups["qualified"].Success);
    }

    /// <summary>
    /// Whether <paramref name="text"/> continues whatever event comes before it, read without that event: an indented
    /// line, a stack frame or chain line of the runtimes above, a printed object's closing bracket, or a fully qualified
    /// exception (<c>java.lang.IllegalStateException: …</c>). Header detection leaves such lines out: a service that
    /// logs many stack traces still has its header on every line that starts an event.
    /// </summary>
    public static bool ContinuesAnyEvent(string text) =>
        text.Length > 0
        && (IsIndentedOrStackLine(text) || IsClosingBrackets(text) || (ExceptionNamed(text) is { } exception && exception.Groups["qualified"].Success));

    /// <summary>An indented line or a stack frame or chain line: it continues an event whatever that event is.</summary>
    private static bool IsIndentedOrStackLine(string text) => text[0] is ' ' or '\t' || StackLine().IsMatch(text);

    /// <summary>A line of closing brackets alone, as a printed object or list ends (<c>}</c>, <c>]);</c>).</summary>
    private static bool IsClosingBrackets(string text) => text[0] is '}' or ']' && ClosingBrackets().IsMatch(text);

    /// <summary>The match of an exception's name starting <paramref name="text"/>, or null.</summary>
    private static Match? ExceptionNamed(string text) =>
        // Nearly every line holds none of the exception words: one vectorized search then spares it the expression.
        text.AsSpan().IndexOfAny(ExceptionWords) >= 0 && ExceptionHeader().Match(text) is { Success: true } exception ? exception : null;

    /// <summary>The level of a headerless line that starts a crash report.</summary>
    public static Severity CrashLevel(string text) => CrashStart().Match(text) switch
    {
        { Success: false } => Severity.Unknown,
        { Groups: var groups } when groups["fatal"].Success => Severity.Fatal,
        _ => Severity.Error,
    };

    /// <summary>Opening minus closing braces and square brackets: above zero while a printed object or list is open.</summary>
    private static int OpenBrackets(string message)
    {
        var open = 0;
        foreach (var character in message)
        {
            open += character switch
            {
                '{' or '[' => 1,
                '}' or ']' => -1,
                _ => 0,
            };
        }

        return open;
    }

    [GeneratedRegex(@"^[}\]][}\]),;]*$", RegexOptions.CultureInvariant)]
    private static partial Regex ClosingBrackets();

    [GeneratedRegex(@"^(?:at [\w$.<>/]+[.(]|Caused by: |Suppressed: |\.\.\. \d+ (?:more|common frames omitted)|--- End of |Traceback \(most recent call last\):|During handling of the above exception|The above exception was the direct cause|goroutine \d+ \[|created by |\[signal |exit status \d+|Node\.js v\d|-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----|[\w./*()\[\]-]+\(\S*(?:, \S*)*\)$)", RegexOptions.CultureInvariant)]
    private static partial Regex StackLine();

    [GeneratedRegex(@"^(?:Unhandled exception\. )?(?<qualified>[\w$]+\.)*[\w$]*(?:Exception|Error|Throwable|Exit|Interrupt|Fault)(?:\s*:|$)", RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture)]
    private static partial Regex ExceptionHeader();

    [GeneratedRegex(@"^(?:(?<fatal>panic: |fatal error: |Unhandled exception\. )|Traceback \(most recent call last\):|Exception in thread |[\w$.]*(?:Exception|Error): )", RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture)]
    private static partial Regex CrashStart();
}
