using System.Reflection;
using System.Text.RegularExpressions;
using FaultMaven.Contracts;
using FaultMaven.Storage;
using Spectre.Console.Cli;

namespace FaultMaven.Cli;

/// <summary>A failure a command explains in its own words: reported as <c>error: message</c> on standard error, exit code 1.</summary>
public sealed class CliException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>A command that stopped cleanly on SIGINT or SIGTERM, saying what it kept: reported as <c>interrupted: message</c>, exit code 130.</summary>
public sealed class CliInterruptedException(string message, Exception? inner = null) : OperationCanceledException(message, inner);

/// <summary>
/// How every <c>fm</c> command reports what went wrong: <c>error: message</c> on standard error, never on standard
/// output (which may be piped into jq), exit code 2 for a command line fm could not accept, 1 for a failure and 130 for
/// a command stopped by SIGINT or SIGTERM.
/// </summary>
public static partial class CliErrors
{
    public const int Failure = 1;

    public const int Usage = 2;

    /// <summary>Exit code of a command stopped by SIGINT or SIGTERM (128 + SIGINT, as shells report an interrupted job).</summary>
    public const int Interrupted = 130;

    /// <summary>How long a command may take to stop cleanly after SIGINT or SIGTERM before fm exits regardless.</summary>
    public static readonly TimeSpan InterruptGrace = TimeSpan.FromSeconds(15);

    /// <summary>
    /// Every option of every command, by each of its names (<c>--source</c>, <c>-s</c>), with the name of the value it
    /// takes (<c>SOURCE</c>; <c>VALUE</c> for a short name two commands give different values), or null for a flag;
    /// read from the commands' settings, so a new option is known at once.
    /// </summary>
    private static readonly Lazy<Dictionary<string, string?>> Options = new(() => typeof(CliErrors).Assembly.GetTypes()
        .Where(type => type.IsSubclassOf(typeof(CommandSettings)))
        .SelectMany(type => type.GetProperties())
        .Select(property => property.GetCustomAttribute<CommandOptionAttribute>())
        .OfType<CommandOptionAttribute>()
        .SelectMany(option => option.LongNames.Select(name => $"--{name}").Concat(option.ShortNames.Select(name => $"-{name}"))
            .Select(name => (Name: name, Value: option.ValueIsOptional ? null : option.ValueName)))
        .GroupBy(option => option.Name, option => option.Value, StringComparer.Ordinal)
        .ToDictionary(names => names.Key, names => names.Distinct().Count() == 1 ? names.First() : "VALUE", StringComparer.Ordinal));

    /// <summary>
    /// The refusal of an option that takes a value given none (last on the line, or followed by another option), e.g.
    /// <c>--source needs a value: --source &lt;SOURCE&gt;</c>; null when every such option has one. Spectre.Console.Cli
    /// would bind such an option to a placeholder of its own (<c>__default_command</c>), and fm logs --source listed
    /// "no log lines match" as if a source had been named.
    /// </summary>
    public static string? MissingValue(IReadOnlyList<string> arguments)
    {
        for (var i = 0; i < arguments.Count; i++)
        {
            if (Options.Value.GetValueOrDefault(arguments[i]) is { } value && (i == arguments.Count - 1 || Options.Value.ContainsKey(arguments[i + 1])))
            {
                return $"{arguments[i]} needs a value: {arguments[i]} <{value}>";
            }
        }

        return null;
    }

    /// <summary>
    /// Writes the report of <paramref name="exception"/> to <paramref name="errors"/>, its control characters escaped
    /// (a message may quote a file name, an API's answer or a stored value); returns the exit code.
    /// </summary>
    /// <param name="arguments">The command line, to name the option whose value could not be converted.</param>
    public static int Report(Exception exception, IReadOnlyList<string> arguments, TextWriter errors)
    {
        if (exception is OperationCanceledException)
        {
            errors.WriteLine(exception is CliInterruptedException ? $"interrupted: {exception.Message}" : "interrupted");
            return Interrupted;
        }

        var usage = exception is CommandAppException;
        errors.WriteLine($"error: {ControlCharacters.Escape(usage ? Describe(exception.Message, arguments) : exception.Message)}");
        return usage ? Usage : Failure;
    }

    /// <summary>Spectre.Console.Cli's message, reworded where it speaks of .NET types or of a lone '-'.</summary>
    private static string Describe(string message, IReadOnlyList<string> arguments)
    {
        if (ConversionFailed().Match(message) is { Success: true } failed)
        {
            var value = failed.Groups["value"].Value;
            var type = failed.Groups["type"].Value;
            var expected = ValueKinds.Of(type) ?? $"a {type}";
            return OptionOf(value, arguments) is { } option ? $"{option} takes {expected}, not '{value}'" : $"'{value}' is not {expected}";
        }

        return arguments.Contains("-") && message.StartsWith("Option does not have a name", StringComparison.Ordinal)
            ? "a lone '-' cannot be given: name /dev/stdin to read standard input"
            : message;
    }

    /// <summary>The option <paramref name="value"/> was given to, as <c>--option value</c> or <c>--option=value</c>.</summary>
    private static string? OptionOf(string value, IReadOnlyList<string> arguments)
    {
        for (var i = 0; i < arguments.Count; i++)
        {
            if (arguments[i] == value && i > 0 && arguments[i - 1].StartsWith('-'))
            {
                return arguments[i - 1];
            }

            if (arguments[i].StartsWith('-') && arguments[i].EndsWith($"={value}", StringComparison.Ordinal))
            {
                return arguments[i][..arguments[i].IndexOf('=')];
            }
        }

        return null;
    }

    [GeneratedRegex(@"^Failed to convert '(?<value>.*)' to (?<type>\w+)\.$", RegexOptions.Singleline)]
    private static partial Regex ConversionFailed();
}
